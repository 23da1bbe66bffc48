/**
 * Chunking throughput on the retrieval-at-scale corpus: `chunkDocument` over every input the way
 * bench/retrieval-scale/engines.ts chunks it (one paragraph block per input, the default chunk
 * settings), timed in CPU seconds of this process.
 *
 *   node bench/chunk-throughput.ts [inputs]        e.g. node bench/chunk-throughput.ts 100000
 *
 * Inputs default to 30,000; the corpus comes from $DOCENT_DATASETS (SciFact windows and FastAPI
 * pages, see build-corpus.ts). Besides time it prints how many characters the token counter
 * scanned per character of the corpus (1 would be every character scanned once). The machine is
 * shared: /proc/loadavg is printed before and after.
 */
import { resolve } from "node:path";
import { chunkDocument } from "../src/chunk/chunk-document.ts";
import { countedCharacters } from "../src/chunk/count-tokens.ts";
import { configSchema } from "../src/config/schema.ts";
import type { Document } from "../src/core/document.ts";
import { stableId } from "../src/core/hash.ts";
import { describeMachine, loadAverage } from "./describe-machine.ts";
import { buildCorpus } from "./retrieval-scale/build-corpus.ts";

const size = Number(process.argv[2] ?? 30_000);
if (!Number.isInteger(size) || size < 1) {
  console.error(`inputs must be a positive whole number, got "${process.argv[2]}"`);
  process.exit(2);
}
const datasets = resolve(
  process.env.DOCENT_DATASETS ?? resolve(import.meta.dirname, "..", "..", "shared", "datasets"),
);
const options = configSchema.parse({}).chunk;

console.log(describeMachine());
const corpus = buildCorpus(datasets, size);
const documents: Document[] = corpus.chunks.map((chunk) => {
  const source = `bench:${chunk.id}`;
  return {
    id: stableId(source),
    source,
    url: source,
    title: chunk.title,
    format: "markdown",
    contentHash: stableId(`${chunk.title}\u0000${chunk.text}`),
    blocks: [{ type: "paragraph", text: chunk.text }],
  };
});
const corpusCharacters = corpus.chunks.reduce((sum, chunk) => sum + chunk.text.length, 0);

const countedBefore = countedCharacters();
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
let chunks = 0;
let splitInputs = 0;
for (const document of documents) {
  const chunked = chunkDocument(document, options);
  chunks += chunked.length;
  if (chunked.length > 1) splitInputs += 1;
}
const wallSeconds = (performance.now() - wallBefore) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const counted = countedCharacters() - countedBefore;

console.log(
  `${documents.length} inputs (${(corpusCharacters / 1e6).toFixed(1)} M characters, ${splitInputs} split) -> ${chunks} chunks, targetTokens ${options.targetTokens}, overlapTokens ${options.overlapTokens}`,
);
console.log(
  `chunkDocument: ${cpuSeconds.toFixed(2)} CPU s (${wallSeconds.toFixed(2)} s wall), ${Math.round(documents.length / cpuSeconds)} inputs per CPU second, ${((cpuSeconds / documents.length) * 1e6).toFixed(1)} us per input`,
);
console.log(
  `token counter scanned ${(counted / corpusCharacters).toFixed(2)} characters per corpus character`,
);
console.log(
  `peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (the corpus and its documents included)`,
);
console.log(`load average after: ${loadAverage()}`);
