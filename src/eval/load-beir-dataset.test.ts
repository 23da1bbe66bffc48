import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../../test/helpers/datasets.ts";
import { loadBeirDataset } from "./load-beir-dataset.ts";

const folder = mkdtempSync(join(tmpdir(), "docent-beir-loader-"));
let counter = 0;

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Writes a dataset folder from file contents and returns its path. */
function writeDataset(files: { corpus?: string; queries?: string; qrels?: string }): string {
  const directory = join(folder, `dataset-${++counter}`);
  mkdirSync(join(directory, "qrels"), { recursive: true });
  writeFileSync(join(directory, "corpus.jsonl"), files.corpus ?? '{"_id":"d1","title":"T","text":"x"}\n');
  writeFileSync(join(directory, "queries.jsonl"), files.queries ?? '{"_id":"q1","text":"x"}\n');
  writeFileSync(
    join(directory, "qrels", "test.tsv"),
    files.qrels ?? "query-id\tcorpus-id\tscore\nq1\td1\t1\n",
  );
  return directory;
}

describe("loadBeirDataset", () => {
  it("reads the corpus, the split's queries and its graded judgments", async () => {
    const dataset = await loadBeirDataset(join(REPOSITORY_ROOT, "test", "fixtures", "beir-mini"), "test");
    expect(dataset.corpus).toHaveLength(5);
    expect(dataset.corpus[0]).toEqual({
      id: "d1",
      title: "Solar panels",
      text: "Photovoltaic cells convert sunlight into electricity.",
    });
    expect(dataset.queries.map((query) => query.id)).toEqual(["q1", "q2", "q3", "q4"]);
    expect(dataset.qrels.get("q1")).toEqual(
      new Map([
        ["d1", 1],
        ["d2", 1],
      ]),
    );
  });

  it("accepts numeric ids, missing titles, blank lines, CRLF and a file without a header", async () => {
    const directory = writeDataset({
      corpus: '{"_id": 7, "text": "seven"}\r\n\r\n{"_id":"8","title":null,"text":"eight"}\r\n',
      queries: '{"_id": 1, "text": "q"}\n',
      qrels: "1\t7\t2\n1\t8\t0\n",
    });
    const dataset = await loadBeirDataset(directory, "test");
    expect(dataset.corpus).toEqual([
      { id: "7", title: "", text: "seven" },
      { id: "8", title: "", text: "eight" },
    ]);
    expect(dataset.qrels.get("1")).toEqual(
      new Map([
        ["7", 2],
        ["8", 0],
      ]),
    );
  });

  it.each([
    ["corpus.jsonl", { corpus: '{"_id":"d1","text":"ok"}\n{"_id":"d2","text":' }, 2, /not valid JSON/],
    ["corpus.jsonl", { corpus: '{"_id":"d1","text":"ok"}\n\n{"_id":"d2"}\n' }, 3, /text/],
    ["queries.jsonl", { queries: '{"text":"no id"}\n' }, 1, /_id/],
    ["test.tsv", { qrels: "query-id\tcorpus-id\tscore\nq1\td1\n" }, 2, /TAB/],
    ["test.tsv", { qrels: "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td1\tyes\n" }, 3, /integer score/],
  ])("names the file and line of a malformed %s line", async (file, files, line, reason) => {
    const error = await loadBeirDataset(writeDataset(files), "test").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "DATASET_INVALID", details: { line } });
    expect((error as Error).message).toContain(`${file}:${line}:`);
    expect((error as Error).message).toMatch(reason);
  });

  it("refuses judgments of queries that queries.jsonl lacks, and a missing file", async () => {
    await expect(
      loadBeirDataset(writeDataset({ qrels: "query-id\tcorpus-id\tscore\nq404\td1\t1\n" }), "test"),
    ).rejects.toMatchObject({ code: "DATASET_INVALID", message: expect.stringContaining("q404") });
    await expect(loadBeirDataset(writeDataset({}), "dev")).rejects.toMatchObject({
      code: "DATASET_INVALID",
      message: expect.stringContaining("dev.tsv does not exist"),
    });
  });
});
