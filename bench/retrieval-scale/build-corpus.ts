/**
 * The benchmark corpus: SciFact abstracts and FastAPI doc pages cut into ~190-word windows,
 * repeated with a suffix token (`copy7`) until the wanted size, plus the query set (SciFact
 * test and train queries, and FastAPI questions written for this benchmark).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { FASTAPI_QUESTIONS } from "./fastapi-questions.ts";

/** Words per window, as in the measurements. */
export const WINDOW_WORDS = 190;
/** How many queries are timed. */
export const TIMED_QUERIES = 1000;

export interface BenchChunk {
  readonly id: string;
  /** The source document (SciFact corpus id, or `fastapi:<path>`); copies share it. */
  readonly documentId: string;
  readonly title: string;
  readonly text: string;
}

export interface BenchQuery {
  readonly id: string;
  readonly text: string;
}

export interface BenchCorpus {
  readonly chunks: BenchChunk[];
  /** Copies of the base windows (ratio of the size to the base corpus). */
  readonly copies: number;
  /** 1,000 queries to time: SciFact test, then train, and the FastAPI questions. */
  readonly timedQueries: BenchQuery[];
  /** The SciFact test queries, scored against their judgements. */
  readonly judgedQueries: BenchQuery[];
  readonly qrels: Map<string, Map<string, number>>;
}

function windows(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const result: string[] = [];
  for (let start = 0; start < words.length; start += WINDOW_WORDS) {
    result.push(words.slice(start, start + WINDOW_WORDS).join(" "));
  }
  return result;
}

function markdownFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...markdownFiles(path));
    else if (name.endsWith(".md")) files.push(path);
  }
  return files;
}

/** Builds a corpus of exactly `size` chunks from the datasets folder. */
export function buildCorpus(datasetsRoot: string, size: number): BenchCorpus {
  const base: BenchChunk[] = [];
  const scifactFolder = join(datasetsRoot, "beir-scifact");
  for (const line of readFileSync(join(scifactFolder, "corpus.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const document = JSON.parse(line) as { _id: string; title: string; text: string };
    for (const [index, text] of windows(document.text).entries()) {
      base.push({ id: `${document._id}:${index}`, documentId: document._id, title: document.title, text });
    }
  }
  const fastapiFolder = join(datasetsRoot, "fastapi-docs", "docs");
  for (const path of markdownFiles(fastapiFolder)) {
    const markdown = readFileSync(path, "utf8");
    const title = /^#\s+(.+)$/m.exec(markdown)?.[1] ?? path;
    const documentId = `fastapi:${path.slice(fastapiFolder.length + 1)}`;
    for (const [index, text] of windows(markdown).entries()) {
      base.push({ id: `${documentId}:${index}`, documentId, title, text });
    }
  }
  const chunks: BenchChunk[] = [];
  for (let copy = 0; chunks.length < size; copy++) {
    for (const chunk of base) {
      if (chunks.length >= size) break;
      chunks.push(
        copy === 0 ? chunk : { ...chunk, id: `${chunk.id}:copy${copy}`, text: `${chunk.text} copy${copy}` },
      );
    }
  }

  const queries = new Map<string, string>();
  for (const line of readFileSync(join(scifactFolder, "queries.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const query = JSON.parse(line) as { _id: string; text: string };
    queries.set(query._id, query.text);
  }
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(scifactFolder, "qrels", "test.tsv"), "utf8")
    .split("\n")
    .slice(1)) {
    const [queryId, corpusId, score] = line.split("\t");
    if (!queryId || !corpusId) continue;
    const judged = qrels.get(queryId) ?? new Map<string, number>();
    judged.set(corpusId, Number(score));
    qrels.set(queryId, judged);
  }
  const judgedQueries = [...qrels.keys()].map((id) => ({ id, text: queries.get(id) ?? "" }));
  const train = [...queries].filter(([id]) => !qrels.has(id)).map(([id, text]) => ({ id, text }));
  const fastapi = FASTAPI_QUESTIONS.map((text, index) => ({ id: `fastapi-${index}`, text }));
  const timedQueries = [
    ...judgedQueries,
    ...train.slice(0, TIMED_QUERIES - judgedQueries.length - fastapi.length),
    ...fastapi,
  ];
  return { chunks, copies: size / base.length, timedQueries, judgedQueries, qrels };
}
