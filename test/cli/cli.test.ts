import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import { runDocent } from "../helpers/run-docent.ts";

interface AskJson {
  id: string;
  question: string;
  answer: string;
  refused: boolean;
  citations: Array<{ n: number; chunkId: string; url: string; title: string }>;
  retrieved: Array<{ chunkId: string; url: string; title: string; score: number }>;
  timings: { retrieveMs: number; generateMs: number; totalMs: number };
}

let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), "docent-cli-"));
});
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

describe("docent --help", () => {
  it("explains every command with an example and exits 0", async () => {
    const top = await runDocent(["--help"], { cwd: workspace });
    expect(top.code).toBe(0);
    for (const command of ["ingest", "sources", "ask", "demo", "eval"]) expect(top.stdout).toContain(command);
    for (const command of [["ingest"], ["sources"], ["ask"], ["demo"], ["eval", "retrieval"]]) {
      const run = await runDocent([...command, "--help"], { cwd: workspace });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Examples?:/);
    }
  });

  it("exits 2 with a usage message for an unknown flag or a missing argument", async () => {
    const unknown = await runDocent(["ask", "--frobnicate", "hello"], { cwd: workspace });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--frobnicate'/);
    const missing = await runDocent(["ingest"], { cwd: workspace });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument/);
  });
});

describe("docent ingest and ask on the bundled docs", () => {
  let folder: string;
  const index = () => join(workspace, "docs-index.db");

  beforeAll(async () => {
    folder = join(workspace, "docs");
    cpSync(join(REPOSITORY_ROOT, "docs"), folder, { recursive: true });
    writeFileSync(join(folder, "corrupt.md"), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x00, 0x41, 0x0a]));
    const run = await runDocent(["ingest", folder, "--index", index(), "--json"], { cwd: workspace });
    expect(run.code, run.stderr).toBe(3); // completed, but corrupt.md was skipped
    const summary = JSON.parse(run.stdout);
    expect(summary.documents.added).toBeGreaterThanOrEqual(8);
    expect(summary.chunks).toBeGreaterThan(summary.documents.added);
    expect(summary.skipped).toEqual([
      { source: "corrupt.md", reason: expect.stringMatching(/binary|UTF-8/i) },
    ]);
  });

  it("answers a question the docs answer, with citations that point at retrieved sources", async () => {
    const run = await runDocent(
      ["ask", "--json", "--index", index(), "Where is the index stored by default?"],
      {
        cwd: workspace,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as AskJson;
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain(".docent/index.db");
    expect(answer.citations.length).toBeGreaterThan(0);
    const retrievedIds = new Set(answer.retrieved.map((item) => item.chunkId));
    for (const citation of answer.citations) {
      expect(retrievedIds.has(citation.chunkId)).toBe(true);
      expect(answer.answer).toContain(`[${citation.n}]`);
    }
    expect(answer.timings.totalMs).toBeGreaterThanOrEqual(answer.timings.retrieveMs);
  });

  it("refuses an off-topic question and says so", async () => {
    const run = await runDocent(["ask", "--json", "--index", index(), "What is the capital of France?"], {
      cwd: workspace,
    });
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as AskJson;
    expect(answer.refused).toBe(true);
    expect(answer.citations).toEqual([]);
  });

  it("prints a cited answer and its sources for a person", async () => {
    const run = await runDocent(
      ["ask", "--index", index(), "Which", "file", "formats", "can", "Docent", "ingest?"],
      {
        cwd: workspace,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\[\d\]/);
    expect(run.stdout).toMatch(/Sources:\n\s+\[\d\] .+: .+\.md(#[\w-]+)?/);
  });

  it("re-ingesting an unchanged folder parses nothing", async () => {
    const run = await runDocent(["ingest", folder, "--index", index(), "--json"], { cwd: workspace });
    expect(run.code).toBe(3); // corrupt.md is still there and still skipped
    const summary = JSON.parse(run.stdout);
    expect(summary.documents).toMatchObject({ added: 0, updated: 0, deleted: 0 });
    expect(summary.documents.unchanged).toBeGreaterThanOrEqual(8);
  });
});

describe("freshness: a deleted page is never cited again", () => {
  it("removes a deleted file's chunks from answers", async () => {
    const folder = join(workspace, "fresh");
    const index = join(workspace, "fresh.db");
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, "zebra.md"),
      "# Zebra mode\n\nZebra mode paints every log line in alternating stripes of black and white.\n",
    );
    writeFileSync(
      join(folder, "other.md"),
      "# Other settings\n\nThe cache directory holds compiled templates between runs.\n",
    );
    // Enough other pages that deleting one stays under the collapse guard's 20%.
    for (const name of ["alpha", "beta", "gamma", "delta"]) {
      writeFileSync(
        join(folder, `${name}.md`),
        `# ${name}\n\nThe ${name} page talks about ${name} things.\n`,
      );
    }
    expect((await runDocent(["ingest", folder, "--index", index], { cwd: workspace })).code).toBe(0);
    const before = JSON.parse(
      (
        await runDocent(["ask", "--json", "--index", index, "What does zebra mode paint?"], {
          cwd: workspace,
        })
      ).stdout,
    ) as AskJson;
    expect(before.refused).toBe(false);
    expect(before.citations.map((citation) => citation.url)).toContain("zebra.md#zebra-mode");

    rmSync(join(folder, "zebra.md"));
    const sync = await runDocent(["ingest", folder, "--index", index, "--json"], { cwd: workspace });
    expect(JSON.parse(sync.stdout).documents.deleted).toBe(1);
    const after = JSON.parse(
      (
        await runDocent(["ask", "--json", "--index", index, "What does zebra mode paint?"], {
          cwd: workspace,
        })
      ).stdout,
    ) as AskJson;
    expect(after.retrieved.map((item) => item.url)).not.toContain("zebra.md#zebra-mode");
    expect(after.citations.map((citation) => citation.url)).not.toContain("zebra.md#zebra-mode");
  });
});

describe("errors a user can act on", () => {
  it("says to run docent ingest when the index is missing", async () => {
    const run = await runDocent(["ask", "--index", join(workspace, "none.db"), "anything?"], {
      cwd: workspace,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No index at .*none\.db.*docent ingest/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("names the option, value and accepted values for a bad --set", async () => {
    const run = await runDocent(["ask", "--set", "retrieval.topK=lots", "anything?"], { cwd: workspace });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/retrieval\.topK = "lots"/);
  });

  it("honours DOCENT_INDEX", async () => {
    const run = await runDocent(["ask", "anything?"], {
      cwd: workspace,
      environment: { DOCENT_INDEX: join(workspace, "from-env.db") },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("from-env.db");
  });
});

describe("docent demo", () => {
  it("ingests the bundled docs and shows a cited answer and a refusal", async () => {
    const run = await runDocent(["demo"], { cwd: workspace });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/documents: \d+ added/);
    expect(run.stdout).toMatch(/Sources:\n\s+\[\d\]/);
    expect(run.stdout).toMatch(/I don't know/);
  });
});
