import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.ts";
import { loadBeirDataset } from "../../src/eval/load-beir-dataset.ts";
import { queryTerms } from "../../src/retrieve/analyze-text.ts";
import { createLexicalIndex, LEXICAL_SCHEMA } from "../../src/store/sqlite/lexical/create-lexical-index.ts";
import { dataset } from "../helpers/datasets.ts";

const scifact = dataset("beir-scifact");

describe.skipIf(!scifact.available)("MaxScore top-k on BEIR SciFact (test queries)", () => {
  it("returns exactly the exhaustive BM25 ranking at depths 10 and 100 for every query", async () => {
    const data = await loadBeirDataset(scifact.path, "test");
    const database = new BetterSqlite3(":memory:");
    database.exec(LEXICAL_SCHEMA);
    const index = createLexicalIndex(database);
    database.transaction(() => {
      for (const [position, document] of data.corpus.entries()) {
        index.addChunk(position + 1, { title: document.title, headings: "", body: document.text });
      }
      index.flush();
    })();
    const { fieldWeights } = configSchema.parse({}).retrieval;
    let identical = 0;
    for (const query of data.queries) {
      const terms = queryTerms(query.text);
      for (const limit of [10, 100]) {
        const pruned = index.search(terms, fieldWeights, limit);
        const exhaustive = index.search(terms, fieldWeights, limit, "exhaustive");
        expect(pruned.length).toBeGreaterThan(0);
        expect(pruned).toEqual(exhaustive);
        identical++;
      }
    }
    expect(identical).toBe(2 * 300);
    database.close();
  }, 120_000);
});
