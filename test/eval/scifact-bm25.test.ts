import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.ts";
import { runBeirRetrieval } from "../../src/eval/run-beir-retrieval.ts";
import { dataset } from "../helpers/datasets.ts";

const scifact = dataset("beir-scifact");

/** Pyserini's BM25 flat baseline on BEIR SciFact test (nDCG@10); see the dataset's SOURCE.md. */
const LUCENE_BM25_FLAT_NDCG10 = 0.6789;

describe.skipIf(!scifact.available)("lexical retrieval on BEIR SciFact (test split)", () => {
  it("reaches the published Lucene BM25 baseline with the default settings", async () => {
    const config = configSchema.parse({});
    const result = await runBeirRetrieval({
      datasetDir: scifact.path,
      split: "test",
      retrieval: { fieldWeights: config.retrieval.fieldWeights },
      chunk: config.chunk,
    });
    expect(result.queries).toBe(300);
    expect(result.ndcg10).toBeGreaterThanOrEqual(LUCENE_BM25_FLAT_NDCG10);
    // Recall@100 guards the candidate depth: Lucene's flat run finds 0.9253.
    expect(result.recall100).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});
