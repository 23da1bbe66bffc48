/**
 * The retrieval-scale corpus as Markdown files, so the whole `docent ingest` pipeline (scan,
 * hash, parse, chunk, write) can be measured on it. Each file holds 10 windows, each under its
 * own `##` heading `<title> (part <n>)`, so each window becomes one chunk (two when it is longer
 * than the chunk target) and every chunk can be traced back to its window.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchChunk } from "./build-corpus.ts";

export const WINDOWS_PER_FILE = 10;
const FILES_PER_FOLDER = 1000;

/** The file (relative to the corpus folder) holding window `index`. */
export function markdownFileOf(index: number): string {
  const file = Math.floor(index / WINDOWS_PER_FILE);
  return join(
    `part-${String(Math.floor(file / FILES_PER_FOLDER)).padStart(3, "0")}`,
    `page-${String(file).padStart(6, "0")}.md`,
  );
}

/** Writes the windows as Markdown files under `target`; returns the number of files. */
export function writeMarkdownCorpus(chunks: readonly BenchChunk[], target: string): number {
  let files = 0;
  for (let start = 0; start < chunks.length; start += WINDOWS_PER_FILE, files += 1) {
    const windows = chunks.slice(start, start + WINDOWS_PER_FILE);
    const sections = windows.map(
      (chunk, index) => `## ${chunk.title} (part ${index + 1})\n\n${chunk.text}\n`,
    );
    const path = join(target, markdownFileOf(start));
    if (files % FILES_PER_FOLDER === 0) mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, `# Page ${files}\n\n${sections.join("\n")}`);
  }
  return files;
}

/** The window a chunk of the Markdown corpus came from, by its file and its `(part <n>)` heading. */
export function windowOfChunk(
  fileIndexOf: (source: string) => number,
  source: string,
  heading: string,
): number {
  const part = /\(part (\d+)\)\s*$/u.exec(heading);
  if (!part) return -1;
  return fileIndexOf(source) * WINDOWS_PER_FILE + Number(part[1]) - 1;
}
