/**
 * Writes the retrieval-scale corpus as Markdown files, so the whole `docent ingest` pipeline
 * (scan, hash, parse, chunk, write) can be measured on it:
 *
 *   DOCENT_DATASETS=../shared/datasets node bench/retrieval-scale/write-markdown-corpus.ts 100000 /tmp/corpus-100k
 *   /usr/bin/time -v node bin/docent.js ingest /tmp/corpus-100k --index /tmp/corpus-100k.db --json
 *
 * Each file holds 10 windows, each under its own `##` heading, so each window becomes one chunk.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildCorpus } from "./build-corpus.ts";

const WINDOWS_PER_FILE = 10;
const FILES_PER_FOLDER = 1000;

const size = Number(process.argv[2] ?? 100_000);
const target = resolve(process.argv[3] ?? `/tmp/docent-corpus-${size}`);
const datasets = process.env.DOCENT_DATASETS ?? "../shared/datasets";
const { chunks } = buildCorpus(datasets, size);
for (let start = 0, file = 0; start < chunks.length; start += WINDOWS_PER_FILE, file += 1) {
  const windows = chunks.slice(start, start + WINDOWS_PER_FILE);
  const sections = windows.map((chunk, index) => `## ${chunk.title} (part ${index + 1})\n\n${chunk.text}\n`);
  const folder = join(target, `part-${String(Math.floor(file / FILES_PER_FOLDER)).padStart(3, "0")}`);
  if (file % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `page-${String(file).padStart(6, "0")}.md`),
    `# Page ${file}\n\n${sections.join("\n")}`,
  );
}
process.stdout.write(
  `wrote ${Math.ceil(chunks.length / WINDOWS_PER_FILE)} files (${chunks.length} windows) to ${target}\n`,
);
