import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { DocentError } from "../core/errors.ts";

/** A document of a BEIR corpus (`corpus.jsonl`). */
export interface BeirDocument {
  readonly id: string;
  /** May be empty: some BEIR corpora have no titles. */
  readonly title: string;
  readonly text: string;
}

/** A BEIR query (`queries.jsonl`). */
export interface BeirQuery {
  readonly id: string;
  readonly text: string;
}

/** A BEIR dataset restricted to one qrels split. */
export interface BeirDataset {
  readonly corpus: readonly BeirDocument[];
  /** The queries judged in the split, in the order of `queries.jsonl`; other queries are left out. */
  readonly queries: readonly BeirQuery[];
  /** query id -> (document id -> relevance grade), from `qrels/<split>.tsv`. */
  readonly qrels: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const identifier = z.union([z.string().min(1), z.number().transform(String)]);
const corpusLine = z.object({ _id: identifier, title: z.string().nullish(), text: z.string() });
const queryLine = z.object({ _id: identifier, text: z.string() });

/**
 * Reads a dataset in BEIR's layout: `corpus.jsonl` (`{"_id","title","text"}` per line),
 * `queries.jsonl` (`{"_id","text"}`) and `qrels/<split>.tsv` (`query-id`, `corpus-id`, `score`,
 * tab-separated, after one header line). Files are read line by line as streams. Blank lines
 * are skipped.
 *
 * @param datasetDirectory - the folder holding the three files.
 * @param split - the qrels split, e.g. `test`, `dev`, `train`.
 * @throws DocentError DATASET_INVALID when a file is missing, a line is malformed (the message
 *   names the file and line), or a judged query is absent from `queries.jsonl`.
 */
export async function loadBeirDataset(
  datasetDirectory: string,
  split: string,
  options: { signal?: AbortSignal } = {},
): Promise<BeirDataset> {
  const qrelsPath = join(datasetDirectory, "qrels", `${split}.tsv`);
  const qrels = await readQrels(qrelsPath, options.signal);

  const queriesPath = join(datasetDirectory, "queries.jsonl");
  const queries: BeirQuery[] = [];
  for await (const { line, lineNumber } of readLines(queriesPath, options.signal)) {
    const query = parseJsonLine(line, lineNumber, queriesPath, queryLine);
    if (qrels.has(query._id)) queries.push({ id: query._id, text: query.text });
  }
  const found = new Set(queries.map((query) => query.id));
  const missing = [...qrels.keys()].filter((queryId) => !found.has(queryId));
  if (missing.length > 0) {
    throw new DocentError(
      "DATASET_INVALID",
      `${qrelsPath} judges ${missing.length} queries absent from ${queriesPath} (first: ${missing[0]}): use matching files`,
      { details: { path: qrelsPath, missingQueries: missing.slice(0, 10) } },
    );
  }

  const corpusPath = join(datasetDirectory, "corpus.jsonl");
  const corpus: BeirDocument[] = [];
  for await (const { line, lineNumber } of readLines(corpusPath, options.signal)) {
    const document = parseJsonLine(line, lineNumber, corpusPath, corpusLine);
    corpus.push({ id: document._id, title: document.title ?? "", text: document.text });
  }
  return { corpus, queries, qrels };
}

async function readQrels(path: string, signal: AbortSignal | undefined) {
  const qrels = new Map<string, Map<string, number>>();
  let headerSeen = false;
  for await (const { line, lineNumber } of readLines(path, signal)) {
    const fields = line.split("\t").map((field) => field.trim());
    if (!headerSeen) {
      headerSeen = true;
      // The header (`query-id corpus-id score`); a file without one starts with a judgment.
      if (!/^-?\d+$/.test(fields[2] ?? "")) continue;
    }
    const [queryId, documentId, score] = fields;
    if (fields.length !== 3 || !queryId || !documentId || !/^-?\d+$/.test(score ?? "")) {
      throw invalidLine(path, lineNumber, "expected `query-id<TAB>corpus-id<TAB>integer score`", line);
    }
    let judgments = qrels.get(queryId);
    if (!judgments) {
      judgments = new Map();
      qrels.set(queryId, judgments);
    }
    judgments.set(documentId, Number(score));
  }
  return qrels;
}

function parseJsonLine<Schema extends z.ZodType>(
  line: string,
  lineNumber: number,
  path: string,
  schema: Schema,
): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw invalidLine(path, lineNumber, "not valid JSON", line);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidLine(path, lineNumber, `${issue?.path.join(".") || "line"}: ${issue?.message}`, line);
  }
  return parsed.data;
}

function invalidLine(path: string, lineNumber: number, reason: string, line: string): DocentError {
  return new DocentError("DATASET_INVALID", `${path}:${lineNumber}: ${reason}: fix or remove the line`, {
    details: { path, line: lineNumber, excerpt: line.slice(0, 200) },
  });
}

async function* readLines(
  path: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ line: string; lineNumber: number }> {
  if (!existsSync(path)) {
    throw new DocentError("DATASET_INVALID", `${path} does not exist: a BEIR dataset folder needs it`, {
      details: { path },
    });
  }
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      signal?.throwIfAborted();
      if (line.trim() === "") continue;
      yield { line: lineNumber === 1 ? line.replace(/^\uFEFF/, "") : line, lineNumber };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
