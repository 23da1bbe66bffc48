/**
 * Markdown parse throughput, old path against new: `parseMarkdownWithRemark` (unified +
 * remark-parse + remark-gfm + remark-frontmatter, then mdastToBlocks) and `parseMarkdown` (the
 * markdown-it path, handing the few documents it cannot read like remark over to remark), on the
 * FastAPI docs and on a folder of Markdown, e.g. the retrieval-scale corpus written first:
 *
 *   DOCENT_DATASETS=../shared/datasets node bench/retrieval-scale/write-markdown-corpus.ts 10000 /tmp/md10k
 *   DOCENT_DATASETS=../shared/datasets node bench/markdown-parse.ts /tmp/md10k
 *
 * Files are read into memory first; each path then parses every file once after a warm-up pass
 * over the first 50. Prints MB/s (UTF-8 bytes of input per wall second), CPU seconds of this
 * process (user + system), the ratio, how many files took the markdown-it path, and whether both
 * paths gave the same result for every file. The machine is shared: the load average is printed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseMarkdown } from "../src/ingest/parse-markdown.ts";
import { parseMarkdownWithMarkdownIt } from "../src/ingest/parse-markdown-with-markdown-it.ts";
import { parseMarkdownWithRemark } from "../src/ingest/parse-markdown-with-remark.ts";
import { stripMkDocsSyntax } from "../src/ingest/strip-mkdocs-syntax.ts";
import { describeMachine, loadAverage } from "./describe-machine.ts";

interface Timing {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
}

const datasets = resolve(
  process.env.DOCENT_DATASETS ?? resolve(import.meta.dirname, "..", "..", "shared", "datasets"),
);
const corpora: [string, string][] = [["FastAPI docs", join(datasets, "fastapi-docs", "docs")]];
for (const folder of process.argv.slice(2)) corpora.push([folder, resolve(folder)]);

console.log(describeMachine());

for (const [name, folder] of corpora) {
  const files = markdownFiles(folder).map((path) => ({ source: path, text: readFileSync(path, "utf8") }));
  if (files.length === 0) {
    console.error(`${name}: no .md files in ${folder}`);
    process.exitCode = 1;
    continue;
  }
  const megabytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0) / 1e6;
  const parseOld = (file: { source: string; text: string }) =>
    parseMarkdownWithRemark(file.text, { source: file.source, mdx: false });
  const parseNew = (file: { source: string; text: string }) =>
    parseMarkdown(file.text, { source: file.source, mdx: false });
  for (const file of files.slice(0, 50)) {
    parseOld(file);
    parseNew(file);
  }
  const oldResults: string[] = [];
  const old = time(() => {
    for (const file of files) oldResults.push(JSON.stringify(parseOld(file)));
  });
  let differing = 0;
  let index = 0;
  const newer = time(() => {
    for (const file of files) {
      if (JSON.stringify(parseNew(file)) !== oldResults[index]) differing += 1;
      index += 1;
    }
  });
  const fast = files.filter(
    (file) => parseMarkdownWithMarkdownIt(stripMkDocsSyntax(file.text), file.source) !== null,
  ).length;
  console.log(
    `${name}: ${files.length} files, ${megabytes.toFixed(1)} MB; markdown-it path for ${fast}, remark for ${files.length - fast}; results differing: ${differing}`,
  );
  console.log(`  remark (old):       ${describe(old, megabytes)}`);
  console.log(`  markdown-it (new):  ${describe(newer, megabytes)}`);
  console.log(
    `  ratio: ${(old.cpuSeconds / newer.cpuSeconds).toFixed(1)}x less CPU, ${(old.wallSeconds / newer.wallSeconds).toFixed(1)}x faster (wall)`,
  );
}
console.log(`load average after: ${loadAverage()}`);

function time(work: () => void): Timing {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  work();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallSeconds: (performance.now() - wallBefore) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function describe(timing: Timing, megabytes: number): string {
  return `${(megabytes / timing.wallSeconds).toFixed(1)} MB/s, ${timing.cpuSeconds.toFixed(2)} CPU s (${timing.wallSeconds.toFixed(2)} s wall)`;
}

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((path) => /\.(md|markdown)$/iu.test(path))
    .sort()
    .map((path) => join(folder, path));
}
