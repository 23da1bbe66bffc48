import { z } from "zod";

/**
 * Every setting of Docent, with its default, in one schema. Validated once at start-up.
 * Precedence: flag > environment > config file > default (see `loadConfig`).
 */
export const configSchema = z
  .object({
    index: z
      .object({
        /** The SQLite index file. Default `.docent/index.db` in the working directory. */
        path: z.string().min(1).default(".docent/index.db"),
      })
      .strict()
      .prefault({}),
    ingest: z
      .object({
        /** Public URL of the docs root; file paths map to `<baseUrl>/<path without extension>/`. */
        baseUrl: z.url().optional(),
        /** Files larger than this many bytes are skipped with a reason. */
        maxFileBytes: z
          .number()
          .int()
          .positive()
          .default(5 * 1024 * 1024),
        /** File extensions read from folders (lower case, with the dot). */
        extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/)).default([".md", ".markdown", ".mdx", ".txt"]),
      })
      .strict()
      .prefault({}),
    chunk: z
      .object({
        /** Preferred chunk size in tokens; sections longer than this are split. Range 64-2048. */
        targetTokens: z.number().int().min(64).max(2048).default(320),
        /** Tokens of the previous piece repeated at the start of a split piece. Range 0-256. */
        overlapTokens: z.number().int().min(0).max(256).default(48),
      })
      .strict()
      .prefault({}),
    retrieval: z
      .object({
        /** How many chunks are given to the answerer as sources. Range 1-50. */
        topK: z.number().int().min(1).max(50).default(5),
        /** How many lexical candidates are fetched before de-duplication. Range topK-1000. */
        candidates: z.number().int().min(1).max(1000).default(50),
        /**
         * BM25 weight of each field. Range 0-10. A weight multiplies the field's term frequencies,
         * so scaling all three by c acts like BM25's k1 divided by c (FTS5 fixes k1 = 1.2; body 1.3
         * gives k1 ~0.92, near Lucene's 0.9). Defaults tuned on BEIR SciFact train (bench/tune-bm25.ts):
         * title 4x body; headings, which SciFact lacks, keep 2x body.
         */
        fieldWeights: z
          .object({
            title: z.number().min(0).max(10).default(5.2),
            headings: z.number().min(0).max(10).default(2.6),
            body: z.number().min(0).max(10).default(1.3),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    answer: z
      .object({
        /** Generator used to answer. Only `extractive` exists so far. */
        provider: z.enum(["extractive"]).default("extractive"),
        /**
         * Evidence below this score (0-1: the IDF-weighted share of the question's terms that the
         * best passages cover) makes the answerer refuse. The default is calibrated with
         * `node bench/calibrate-refusal.ts` on 132 labelled FastAPI-docs questions (maximum
         * balanced accuracy); see docs/benchmarks.md. Raise it to refuse more, lower it to answer more.
         */
        refusalThreshold: z.number().min(0).max(1).default(0.573),
        /** Most sentences the extractive answerer puts in an answer. Range 1-10. */
        maxSentences: z.number().int().min(1).max(10).default(4),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;
/** A partial configuration as written in a file or built from flags. */
export type ConfigInput = z.input<typeof configSchema>;
