/**
 * Tunes lexical retrieval on BEIR SciFact's TRAIN split, then reports the chosen setting on TEST.
 *
 *   node bench/tune-bm25.ts [dataset folder]   (default ../shared/datasets/beir-scifact)
 *
 * What can be tuned with FTS5 (bm25() has fixed k1 = 1.2, b = 0.75):
 * - the title/body weight ratio;
 * - the overall weight scale: bm25 multiplies a field's term frequency by its weight, so scaling
 *   every weight by c gives the ranking of k1' = k1 / c (body 1.3 is close to Lucene's k1 = 0.9);
 * - the query stop list;
 * - chunk sizes (reported for information: the `chunk` defaults are not tuned here).
 * Indexes are kept in bench/out/ and reused between runs.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BeirRetrievalResult, runBeirRetrieval } from "../src/eval/run-beir-retrieval.ts";
import { STOP_WORDS, tokenizeWords } from "../src/retrieve/analyze-text.ts";
import type { FieldWeights } from "../src/store/store.ts";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const datasetDir = resolve(
  process.argv[2] ?? join(repositoryRoot, "..", "shared", "datasets", "beir-scifact"),
);
const outputFolder = join(repositoryRoot, "bench", "out");
mkdirSync(outputFolder, { recursive: true });

const LUCENE_STOP_WORDS = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(
    " ",
  ),
);
const STOP_LISTS: Record<string, ReadonlySet<string>> = {
  "docent (current)": STOP_WORDS,
  "lucene (33 words)": LUCENE_STOP_WORDS,
  none: new Set(),
  "docent + claim verbs": new Set([
    ...STOP_WORDS,
    ..."show shows showed shown cause causes caused associated increase increases increased decrease decreases decreased reduce reduces reduced higher lower".split(
      " ",
    ),
  ]),
};
/** A stop list replaces the current one only when it wins on train by more than this (noise). */
const STOP_LIST_MARGIN = 0.005;

interface Setting {
  readonly fieldWeights: FieldWeights;
  readonly stopList: string;
  readonly chunk: { readonly targetTokens: number; readonly overlapTokens: number };
}

function analyzer(stopList: string) {
  const stop = STOP_LISTS[stopList] ?? STOP_WORDS;
  return (question: string) => [...new Set(tokenizeWords(question).filter((word) => !stop.has(word)))];
}

async function evaluate(setting: Setting, split: string, reuseIndex = true): Promise<BeirRetrievalResult> {
  const { targetTokens, overlapTokens } = setting.chunk;
  return runBeirRetrieval({
    datasetDir,
    split,
    indexPath: reuseIndex ? join(outputFolder, `scifact-${targetTokens}-${overlapTokens}.db`) : undefined,
    retrieval: { fieldWeights: setting.fieldWeights, analyzeQuery: analyzer(setting.stopList) },
    chunk: setting.chunk,
  });
}

const header = "| title | headings | body | stop list | chunk | nDCG@10 | R@10 | R@100 | MRR@10 |";
const rule = "| --- | --- | --- | --- | --- | --- | --- | --- | --- |";
function row(setting: Setting, result: BeirRetrievalResult): string {
  const { title, headings, body } = setting.fieldWeights;
  const { targetTokens, overlapTokens } = setting.chunk;
  const figures = [result.ndcg10, result.recall10, result.recall100, result.mrr10].map((value) =>
    value.toFixed(4),
  );
  return `| ${round(title)} | ${round(headings)} | ${round(body)} | ${setting.stopList} | ${targetTokens}/${overlapTokens} | ${figures.join(" | ")} |`;
}
const round = (value: number) => String(Math.round(value * 1000) / 1000);

async function best(
  settings: readonly Setting[],
): Promise<{ setting: Setting; result: BeirRetrievalResult }> {
  let winner: { setting: Setting; result: BeirRetrievalResult } | undefined;
  for (const setting of settings) {
    const result = await evaluate(setting, "train");
    console.log(row(setting, result));
    if (!winner || result.ndcg10 > winner.result.ndcg10) winner = { setting, result };
  }
  if (!winner) throw new Error("no settings to try");
  return winner;
}

const defaultChunk = { targetTokens: 320, overlapTokens: 48 };
const currentStopList = "docent (current)";

console.log(
  `dataset: ${datasetDir}\n\n## 1. Field weights on TRAIN (chunk ${defaultChunk.targetTokens}/${defaultChunk.overlapTokens}, current stop list)\n`,
);
console.log(header);
console.log(rule);
const weightSettings: Setting[] = [];
// Weights are rounded to one decimal so the chosen ones can be written into the schema as tried.
const oneDecimal = (value: number) => Math.round(value * 10) / 10;
for (const body of [0.5, 1, 1.3, 2]) {
  for (const ratio of [1, 1.5, 2, 2.5, 3, 4]) {
    // Headings keep twice the body weight: SciFact has no headings to tune them on.
    weightSettings.push({
      fieldWeights: { title: oneDecimal(ratio * body), headings: oneDecimal(2 * body), body },
      stopList: currentStopList,
      chunk: defaultChunk,
    });
  }
}
const weights = await best(weightSettings);

console.log("\n## 2. Stop lists on TRAIN (best weights)\n");
console.log(header);
console.log(rule);
const stopResults = new Map<string, number>();
for (const stopList of Object.keys(STOP_LISTS)) {
  const setting = { ...weights.setting, stopList };
  const result = await evaluate(setting, "train");
  stopResults.set(stopList, result.ndcg10);
  console.log(row(setting, result));
}
const currentScore = stopResults.get(currentStopList) ?? 0;
const [bestStopList, bestStopScore] = [...stopResults].sort((left, right) => right[1] - left[1])[0] ?? [
  currentStopList,
  currentScore,
];
const chosenStopList = bestStopScore - currentScore > STOP_LIST_MARGIN ? bestStopList : currentStopList;

console.log("\n## 3. Chunk sizes on TRAIN (for information; chunk defaults are not changed here)\n");
console.log(header);
console.log(rule);
for (const chunk of [
  defaultChunk,
  { targetTokens: 512, overlapTokens: 64 },
  { targetTokens: 2048, overlapTokens: 0 },
]) {
  const setting = { ...weights.setting, stopList: chosenStopList, chunk };
  console.log(row(setting, await evaluate(setting, "train")));
}

const chosen: Setting = { ...weights.setting, stopList: chosenStopList };
console.log(`\n## Chosen on train: ${JSON.stringify(chosen)}\n`);
console.log("## 4. TEST (fresh temporary index, so index seconds are real)\n");
console.log(`${header} index s | query p50 ms | query p95 ms |`);
console.log(`${rule} --- | --- | --- |`);
const baseline: Setting = {
  fieldWeights: { title: 1, headings: 1, body: 1 },
  stopList: currentStopList,
  chunk: defaultChunk,
};
for (const setting of [chosen, baseline]) {
  const result = await evaluate(setting, "test", false);
  const { p50, p95 } = result.queryMilliseconds;
  console.log(
    `${row(setting, result)} ${result.indexSeconds.toFixed(1)} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`,
  );
}
