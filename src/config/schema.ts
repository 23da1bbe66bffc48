import { z } from "zod";
import { DEFAULT_ANSWER_PII_TYPES, PII_TYPES } from "../core/pii-type.ts";

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
        extensions: z
          .array(z.string().regex(/^\.[a-z0-9]+$/))
          .default([".md", ".markdown", ".mdx", ".txt", ".html", ".htm", ".pdf"]),
        /** Globs (relative to the ingested folder) a file must match to be read; empty means all. */
        include: z.array(z.string().min(1)).default([]),
        /** Globs (relative to the ingested folder) of files left out. */
        exclude: z.array(z.string().min(1)).default([]),
        /** `.gitignore`-style files honoured in every folder of a folder ingest. */
        ignoreFiles: z.array(z.string().min(1)).default([".gitignore", ".docentignore"]),
        /**
         * Collapse guard: a sync that would delete more than this share (0-1) of the documents it
         * covers is refused unless `--force`. Default 0.2; 1 turns the guard off.
         */
        maxDeleteShare: z.number().min(0).max(1).default(0.2),
        /**
         * Worker threads that read, parse and chunk changed files while the main thread writes
         * the index. "auto": one per CPU core beyond the main thread's (at most 4), none on two
         * cores or fewer and none for fewer than 64 changed files, where workers cost more than
         * they save; 0 parses in the main thread.
         */
        parseWorkers: z.union([z.literal("auto"), z.coerce.number().int().min(0).max(16)]).default("auto"),
        /** Website crawling (`docent ingest https://...`). */
        web: z
          .object({
            /** Most pages fetched in one crawl. Range 1-100000. */
            maxPages: z.number().int().min(1).max(100_000).default(1000),
            /** Most links followed from the start page (sitemap URLs count as depth 0). Range 0-100. */
            maxDepth: z.number().int().min(0).max(100).default(20),
            /** Requests in flight at once. Range 1-32. */
            concurrency: z.number().int().min(1).max(32).default(4),
            /** Milliseconds between the starts of two requests (robots.txt `Crawl-delay` wins when longer). */
            delayMs: z.number().int().min(0).max(60_000).default(250),
            /** A request that takes longer than this many milliseconds is abandoned and the page skipped. */
            timeoutMs: z.number().int().min(100).max(600_000).default(15_000),
            /** Redirect hops followed per page. Range 0-20. */
            maxRedirects: z.number().int().min(0).max(20).default(5),
            /** Host names (or `host:port`) a crawl may reach even on private, loopback or link-local addresses. */
            allowHosts: z.array(z.string().min(1)).default([]),
            /** The `User-Agent` sent, and the name matched in robots.txt. */
            userAgent: z.string().min(1).default("DocentBot/0.1 (+https://github.com/docent-dev/docent)"),
          })
          .strict()
          .prefault({}),
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
        /**
         * `auto` (default): hybrid when the index holds embeddings, else `bm25`. `bm25`: lexical
         * only. `vector`: embeddings only. `hybrid`: both, fused (needs an embedded index).
         */
        mode: z.enum(["auto", "bm25", "vector", "hybrid"]).default("auto"),
        /** How lexical and vector candidates are fused (see docs/concepts/retrieval.md). */
        fusion: z
          .object({
            /**
             * `weighted` (default): (1 - w) x min-max-normalised BM25 + w x normalised cosine.
             * `rrf`: reciprocal rank fusion, sum of 1 / (rrfK + rank); ignores score sizes.
             */
            method: z.enum(["weighted", "rrf"]).default("weighted"),
            /**
             * Dense weight w of weighted fusion, range 0-1 (0 = BM25 ranking, 1 = vector ranking).
             * Unset (default): the weight calibrated for the index's embedding model
             * (`docent calibrate`, `docent eval retrieval --calibrate --save-calibration`, or
             * `calibrationQuestions` at ingest), else the model's measured default, else 0.2
             * (see src/retrieve/default-dense-weight.ts).
             */
            denseWeight: z.number().min(0).max(1).optional(),
            /** RRF's rank constant. Range 1-1000, default 60 (Cormack et al. 2009). */
            rrfK: z.number().int().min(1).max(1000).default(60),
            /** Nearest chunks fetched by vector search before fusion. Range 1-1000, default 50. */
            vectorCandidates: z.number().int().min(1).max(1000).default(50),
            /**
             * Labelled question files (eval suites with `requiredSourceUrls`, or `.jsonl` of
             * `{ question, sources }`). When set, `docent ingest` re-calibrates the dense weight
             * on them after every ingest that changed the index, and stores it with the index.
             * Default none (use `docent calibrate` by hand, or the per-model default).
             */
            calibrationQuestions: z.array(z.string().min(1)).default([]),
          })
          .strict()
          .prefault({}),
        /**
         * Two chunks whose word-trigram sets overlap at least this much (Jaccard, 0-1) are near
         * duplicates; the lower-ranked one is dropped. 1 drops exact copies only. Default 0.9.
         */
        nearDuplicateThreshold: z.number().min(0).max(1).default(0.9),
        /** Most chunks of one document among the results, for diversity. Range 1-50, default 3. */
        maxChunksPerDocument: z.number().int().min(1).max(50).default(3),
        /**
         * How vector candidates are searched (src/store/sqlite/vector-scan/vector-search-settings.ts;
         * figures in docs/benchmarks.md).
         */
        vectorSearch: z
          .object({
            /**
             * `binary-rescore` (default): in-memory sign-bit pre-scan, candidates re-scored by exact
             * cosine (recall@10 >= 0.99 against `exact` on SciFact, a few ms at 100k chunks).
             * `exact`: sqlite-vec brute force over every vector.
             */
            method: z.enum(["exact", "binary-rescore"]).default("binary-rescore"),
            /** Pre-scan candidates per result wanted. Range 1-1000, default 40. */
            rescoreFactor: z.number().int().min(1).max(1000).default(40),
            /** Fewest pre-scan candidates. Range 1-1,000,000, default 2000. */
            minimumCandidates: z.number().int().min(1).max(1_000_000).default(2000),
            /**
             * Re-score from float32 copies in memory up to this many MiB, else from float16 copies
             * plus exact float32 reads of the best few. Range 0-65536, default 64.
             */
            float32MemoryMb: z.number().min(0).max(65536).default(64),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    embedding: z
      .object({
        /**
         * `none` (default: BM25 only, nothing to download), or the model: for `local` a folder in
         * the transformers.js layout or a hub id (recommended `Xenova/bge-small-en-v1.5`); for
         * `openai-compatible` the API's model name. Flag `--embed-model`, env DOCENT_EMBED_MODEL.
         */
        model: z.string().min(1).default("none"),
        /** `local` (in-process ONNX) or `openai-compatible` (`/v1/embeddings`). */
        provider: z.enum(["local", "openai-compatible"]).default("local"),
        /** API root for `openai-compatible`, with `/v1`, e.g. `http://localhost:11434/v1`. */
        baseURL: z.url().optional(),
        /** Environment variable holding the API key (never put a key in a config file). */
        apiKeyVariable: z.string().min(1).default("OPENAI_API_KEY"),
        /** Vector length to ask an API for; unset = the model's own. */
        dimensions: z.number().int().positive().optional(),
        /** Instruction before questions; unset = what the model's authors specify (BGE, E5), else none. */
        queryPrefix: z.string().optional(),
        /** Text before passages; unset = per model, usually none. */
        documentPrefix: z.string().optional(),
        /** Sentence pooling of a local model; unset = per model (`cls` for BGE, else `mean`). */
        pooling: z.enum(["mean", "cls"]).optional(),
        /** Texts per model call or API request. Range 1-2048, default 32. */
        batchSize: z.number().int().min(1).max(2048).default(32),
        /** Milliseconds before an API request is abandoned and retried. Default 30000. */
        timeoutMs: z.number().int().min(100).default(30_000),
        /** Retries of an API request after 408/409/429/5xx or a timeout. Range 0-10, default 4. */
        maxRetries: z.number().int().min(0).max(10).default(4),
        /** Where hub models are cached. Default `~/.cache/docent/models`. */
        cacheDir: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    rerank: z
      .object({
        /**
         * `none` (default), or a cross-encoder model (folder or hub id, transformers.js
         * text-classification, e.g. `Xenova/ms-marco-MiniLM-L-6-v2`). Flag `--rerank-model`,
         * env DOCENT_RERANK_MODEL.
         */
        model: z.string().min(1).default("none"),
        /** How many fused candidates the reranker re-scores. Range 1-200, default 30. */
        candidates: z.number().int().min(1).max(200).default(30),
      })
      .strict()
      .prefault({}),
    answer: z
      .object({
        /**
         * Generator used to answer: `extractive` (no model, no key; the default), `openai`,
         * `anthropic`, or `openai-compatible` (Ollama, vLLM, llama.cpp server, LM Studio).
         * Flag `--provider`, environment `DOCENT_PROVIDER`.
         */
        provider: z.enum(["extractive", "openai", "anthropic", "openai-compatible"]).default("extractive"),
        /** Model id for an LLM provider, e.g. `gpt-4.1-mini`, `claude-sonnet-4-5`, `llama3.2`. Flag `--model`, env `DOCENT_MODEL`. */
        model: z.string().min(1).optional(),
        /** API base URL (with `/v1`) of the provider. Flag `--base-url`; else `OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL`, `OLLAMA_HOST`. */
        baseUrl: z.url().optional(),
        /** API key. Flag `--api-key`; better `OPENAI_API_KEY` / `ANTHROPIC_API_KEY` than a config file. */
        apiKey: z.string().min(1).optional(),
        /**
         * Generators tried in order when the main one fails before answering (error, timeout,
         * open circuit, spent budget): `provider:model` or `extractive`, e.g.
         * `["openai:gpt-4.1-mini", "extractive"]`. Their keys and base URLs come from the environment.
         */
        fallback: z
          .array(
            z
              .string()
              .regex(
                /^(?:extractive|(?:openai|anthropic|openai-compatible):\S+)$/,
                "expected extractive or provider:model",
              ),
          )
          .default([]),
        /** Most output tokens per answer. Range 16-32768. */
        maxOutputTokens: z.number().int().min(16).max(32_768).default(1024),
        /** Time limits of one provider call, in ms. */
        timeouts: z
          .object({
            /** Until the response headers arrive. Range 100-600 000. */
            connectMs: z.number().int().min(100).max(600_000).default(10_000),
            /** Until the first token of text. Range 100-600 000. */
            firstTokenMs: z.number().int().min(100).max(600_000).default(30_000),
            /** Until the whole answer has arrived. Range 100-3 600 000. */
            totalMs: z.number().int().min(100).max(3_600_000).default(120_000),
            /** Most silence between two stream events once text has started (a stall midway). Range 100-600 000. */
            idleMs: z.number().int().min(100).max(600_000).default(30_000),
          })
          .strict()
          .prefault({}),
        /** Retries of a failed provider call (408/409/429/5xx, dropped connection, connect/first-token timeout). */
        retry: z
          .object({
            /** Retries after the first attempt. Range 0-10. */
            maxRetries: z.number().int().min(0).max(10).default(2),
            /** First backoff delay before jitter, ms. Range 0-60 000. */
            baseDelayMs: z.number().int().min(0).max(60_000).default(500),
            /** Cap of any delay, including a server's `retry-after`, ms. Range 0-300 000. */
            maxDelayMs: z.number().int().min(0).max(300_000).default(8_000),
          })
          .strict()
          .prefault({}),
        /** Circuit breaker per provider and model (lives as long as the process, e.g. the server). */
        circuitBreaker: z
          .object({
            /** Consecutive failed calls that open the circuit. Range 1-100. */
            failureThreshold: z.number().int().min(1).max(100).default(3),
            /** How long an open circuit skips the provider, ms. Range 0-3 600 000. */
            cooldownMs: z.number().int().min(0).max(3_600_000).default(30_000),
          })
          .strict()
          .prefault({}),
        /** An answer left with no valid citation: `refuse` (withhold it) or `caveat` (show it with a warning). */
        noCitation: z.enum(["refuse", "caveat"]).default("refuse"),
        /** Least share (0-1) of a sentence's content words found in the source it cites; below it the sentence is flagged. 0 disables. */
        minSupport: z.number().min(0).max(1).default(0.3),
        /** Most US dollars per UTC day spent on LLM providers; when spent, calls fail over to the fallback chain (add `extractive`). Unset: no limit. */
        dailyBudgetUsd: z.number().min(0).optional(),
        /** The file recording the daily spend. Default `spend.json` next to the index. */
        spendLedgerPath: z.string().min(1).optional(),
        /** Prices per model id (or id prefix) in USD per million tokens; merged over the built-in table. */
        prices: z
          .record(
            z.string(),
            z
              .object({
                inputPerMillion: z.number().min(0),
                cachedInputPerMillion: z.number().min(0).optional(),
                cacheWriteInputPerMillion: z.number().min(0).optional(),
                outputPerMillion: z.number().min(0),
              })
              .strict(),
          )
          .default({}),
        /**
         * Evidence below this score (0-1: the IDF-weighted share of the question's terms that the
         * best passages cover) makes the answerer refuse. The default is calibrated with
         * `node bench/calibrate-refusal.ts` on 132 labelled FastAPI-docs questions (maximum
         * balanced accuracy); see docs/benchmarks.md. Raise it to refuse more, lower it to answer more.
         */
        refusalThreshold: z.number().min(0).max(1).default(0.573),
        /** Most sentences the extractive answerer puts in an answer. Range 1-10. */
        maxSentences: z.number().int().min(1).max(10).default(4),
        /**
         * Mask personal data and secrets in every answer (streamed text included) before a user
         * sees it, whatever the sources hold. Types in `redactPiiTypes`; role addresses such as
         * `support@...` are kept. Default on.
         */
        redactPii: z.boolean().default(true),
        /**
         * What `redactPii` masks. Default `secret`, `email`, `payment-card`, `iban`,
         * `government-id`; `phone`, `ip-address`, `person`, `street-address` are off by default
         * because on technical docs they mostly match numbers, example IPs and code words.
         */
        redactPiiTypes: z.array(z.enum(PII_TYPES)).default(() => [...DEFAULT_ANSWER_PII_TYPES]),
        /** Refuse, before retrieval, questions that ask for other users' data (their questions, emails, keys). Default on. */
        refuseOtherUsersData: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    server: z
      .object({
        /** Port of `docent serve`. 0 picks a free port. */
        port: z.number().int().min(0).max(65535).default(8080),
        /** Interface to listen on; `0.0.0.0` to accept connections from other machines. */
        host: z.string().min(1).default("127.0.0.1"),
        /** Largest request body in bytes; larger requests get 413. Range 1 KiB-10 MiB. */
        bodyLimitBytes: z
          .number()
          .int()
          .min(1024)
          .max(10 * 1024 * 1024)
          .default(64 * 1024),
        /** API requests allowed per window, per API key (or per client IP without a key); then 429. */
        rateLimitMax: z.number().int().min(1).default(60),
        /** The rate-limit window in milliseconds. */
        rateLimitWindowMs: z.number().int().min(1000).default(60_000),
        /** Origins allowed to call the API from a browser (CORS); empty = same origin only, `*` = any. */
        corsOrigins: z.array(z.string().min(1)).default([]),
        /** Require an API key (DOCENT_API_KEYS or DOCENT_ADMIN_KEYS) on ask, search and feedback too. */
        requireKey: z.boolean().default(false),
        /** How long shutdown waits for in-flight answers, in milliseconds. */
        shutdownTimeoutMs: z.number().int().min(0).default(15_000),
        /** Write raw question text to the structured log. Off: only lengths and ids are logged. */
        logQuestions: z.boolean().default(false),
        /** Quality-log rows older than this many days are deleted (at start and daily); 0 keeps all. */
        retentionDays: z.number().int().min(0).default(30),
        /** `/readyz` gives up on the LLM provider (`GET <baseUrl>/models`) after this many ms. Range 100-60 000. */
        providerProbeTimeoutMs: z.number().int().min(100).max(60_000).default(2000),
        /** `/readyz` reuses a provider probe's result this long, ms (0 probes every time). Range 0-600 000. */
        providerProbeCacheMs: z.number().int().min(0).max(600_000).default(15_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;
/** A partial configuration as written in a file or built from flags. */
export type ConfigInput = z.input<typeof configSchema>;
