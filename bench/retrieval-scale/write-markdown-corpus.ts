/**
 * Writes the retrieval-scale corpus as Markdown files (see `markdown-corpus.ts`), to measure a
 * real `docent ingest` on it by hand:
 *
 *   DOCENT_DATASETS=../shared/datasets node bench/retrieval-scale/write-markdown-corpus.ts 100000 /tmp/corpus-100k
 *   /usr/bin/time -v node bin/docent.js ingest /tmp/corpus-100k --index /tmp/corpus-100k.db --json
 *
 * The `docent-files` engine of `run.ts` does the same inside the benchmark.
 */
import { resolve } from "node:path";
import { buildCorpus } from "./build-corpus.ts";
import { writeMarkdownCorpus } from "./markdown-corpus.ts";

const size = Number(process.argv[2] ?? 100_000);
const target = resolve(process.argv[3] ?? `/tmp/docent-corpus-${size}`);
const datasets = process.env.DOCENT_DATASETS ?? "../shared/datasets";
const { chunks } = buildCorpus(datasets, size);
const files = writeMarkdownCorpus(chunks, target);
process.stdout.write(`wrote ${files} files (${chunks.length} windows) to ${target}\n`);
