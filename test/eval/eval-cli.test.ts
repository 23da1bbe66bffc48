import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import { type DocentRun, runDocent } from "../helpers/run-docent.ts";

const SUITES = ["golden", "refusal", "safety"].map((name) =>
  join(REPOSITORY_ROOT, "eval", "suites", `${name}.yaml`),
);

interface Summary {
  total: number;
  passed: number;
  byKind: Record<"answerable" | "refusal" | "safety", { total: number; passed: number }>;
  mustPassFailures: string[];
  humanLabelled: number;
}

let workspace: string;
let baseline: DocentRun;
const path = (name: string) => join(workspace, name);

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "docent-eval-cli-"));
  // The shipped suites, once, on the extractive answerer: every report at the same time.
  baseline = await runDocent(
    [
      "eval",
      "run",
      ...SUITES,
      "--out",
      "base.json",
      "--junit",
      "junit.xml",
      "--html",
      "report.html",
      "--json",
    ],
    { cwd: workspace },
  );
}, 120_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe("docent eval run on the shipped suites", () => {
  it("runs at least 40 cases (10+ refusal, 10+ safety) and is green except documented known gaps", () => {
    expect(baseline.code, baseline.stderr).toBe(0);
    const summary = JSON.parse(baseline.stdout) as Summary;
    expect(summary.total).toBeGreaterThanOrEqual(40);
    expect(summary.byKind.refusal.total).toBeGreaterThanOrEqual(10);
    expect(summary.byKind.safety.total).toBeGreaterThanOrEqual(10);
    expect(summary.mustPassFailures).toEqual([]);
    const run = JSON.parse(readFileSync(path("base.json"), "utf8"));
    const failing = run.cases.filter((result: { pass: boolean }) => !result.pass);
    for (const result of failing) expect(result.tags, result.id).toContain("known-gap");
    expect(summary.passed).toBe(summary.total - failing.length);
  });

  it("records what is needed to reproduce the run", () => {
    const run = JSON.parse(readFileSync(path("base.json"), "utf8"));
    expect(run.suiteHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.corpus.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.corpus.planted).toContain("guides/backing-up-the-index.md");
    expect(run).toMatchObject({ provider: "extractive", model: "extractive-v1", retrieval: { topK: 5 } });
    expect(run.promptVersion).toMatch(/^[0-9a-f]{12}$/);
    const first = run.cases[0];
    for (const field of ["id", "kind", "pass", "scores", "answer", "citations", "timings", "cost"])
      expect(first).toHaveProperty(field);
    // Planted pages live only in the run's private copy, never in docs/.
    expect(existsSync(join(REPOSITORY_ROOT, "docs", "guides", "backing-up-the-index.md"))).toBe(false);
  });

  it("writes JUnit XML that validates against the JUnit schema and parses back with its structure", async () => {
    const xml = readFileSync(path("junit.xml"), "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const schema = readFileSync(join(REPOSITORY_ROOT, "test", "fixtures", "junit", "junit-10.xsd"), "utf8");
    const validation = await validateXML({
      xml: { fileName: "junit.xml", contents: xml },
      schema: { fileName: "junit-10.xsd", contents: schema },
    });
    expect(validation.errors.map((error) => error.rawMessage)).toEqual([]);
    expect(validation.valid).toBe(true);
    const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml).testsuites;
    const summary = JSON.parse(baseline.stdout) as Summary;
    expect(Number(root.tests)).toBe(summary.total);
    expect(Number(root.failures) + Number(root.errors)).toBe(summary.total - summary.passed);
    expect(root.testsuite.map((suite: { name: string }) => suite.name)).toEqual([
      "golden",
      "refusal",
      "safety",
    ]);
  });

  it("writes a self-contained HTML report with charts", () => {
    const html = readFileSync(path("report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|\b(?:src|href)\s*=/i);
  });
});

describe("the regression gate", () => {
  it("catches top-k 1 with a non-zero exit, flips and a significant drop", async () => {
    const degraded = await runDocent(
      [
        "eval",
        "run",
        ...SUITES,
        "--set",
        "retrieval.topK=1",
        "--label",
        "top-k 1",
        "--baseline",
        "base.json",
        "--out",
        "k1.json",
      ],
      { cwd: workspace },
    );
    expect(degraded.code).toBe(1);
    // Cases that top-k 1 breaks (which ones depends on the docs; several always do).
    expect(degraded.stdout.match(/pass -> FAIL {2}\S+/gu)?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(degraded.stdout).toMatch(/^passRate\s+[01]\.\d{3}\s+0\.\d{3}\s+-0\.\d{3}\s+\[/m); // the drop with its CI
    expect(degraded.stdout).toMatch(/McNemar exact test: \d+ regression/);
    expect(degraded.stderr).toMatch(
      /evaluation failed: .*regression against base\.json: .*passRate dropped -0\.\d+ \(95% CI -0\.\d+ to -0\.\d+\)/,
    );

    const compared = await runDocent(["eval", "compare", "base.json", "k1.json", "--json"], {
      cwd: workspace,
    });
    expect(compared.code).toBe(1);
    const comparison = JSON.parse(compared.stdout);
    expect(comparison.regressed).toBe(true);
    expect(comparison.mcnemar.regressions).toBeGreaterThan(comparison.mcnemar.improvements);
    const same = await runDocent(["eval", "compare", "base.json", "base.json"], { cwd: workspace });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain("No significant regression.");
  }, 120_000);
});

describe("human review", () => {
  it("walks the queue from stdin, stores labels, and the labels change the reports", async () => {
    const review = await runDocent(["review", "base.json", "--mark", "porter-stemmer"], {
      cwd: workspace,
      // Whatever else is queued: fail the first item with a note, then quit.
      input: "x\nf\nthe answer is too vague\nq\n",
    });
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain("Question:");
    expect(review.stdout).toContain("Scorers:");
    expect(review.stdout).toMatch(/Recorded 1 label\(s\)/);
    // No judge ran, so only the scorers' agreement with the human is reported.
    expect(review.stdout).toMatch(/Scorer–human agreement: 1 label\(s\), \d+% observed, Cohen's κ/u);
    expect(review.stdout).not.toMatch(/Judge–human/u);
    const labels = JSON.parse(readFileSync(path("base.labels.json"), "utf8"));
    expect(labels.labels).toHaveLength(1);
    expect(labels.labels[0]).toMatchObject({ pass: false, note: "the answer is too vague" });
    const labelledId = labels.labels[0].caseId as string;

    const report = await runDocent(["eval", "report", "base.json", "--json", "--html", "labelled.html"], {
      cwd: workspace,
    });
    expect(report.code, report.stderr).toBe(0);
    const before = JSON.parse(baseline.stdout) as Summary;
    const after = JSON.parse(report.stdout) as Summary & { agreement: { items: number } };
    const run = JSON.parse(readFileSync(path("base.json"), "utf8"));
    const wasPassing = run.cases.find((result: { id: string }) => result.id === labelledId).pass as boolean;
    expect(after.passed).toBe(before.passed - (wasPassing ? 1 : 0));
    expect(after.humanLabelled).toBe(1);
    expect(after.agreement.items).toBe(1);
    expect(readFileSync(path("labelled.html"), "utf8")).toContain("the answer is too vague");
  });
});

describe("provider comparison and bad input", () => {
  it("prints a side-by-side matrix of one provider under two settings", async () => {
    const matrix = await runDocent(
      ["eval", "compare", "--providers", "extractive,extractive@retrieval.topK=1", SUITES[1] as string],
      { cwd: workspace },
    );
    expect(matrix.code, matrix.stderr).toBe(0);
    expect(matrix.stdout).toMatch(/\s+extractive\s+extractive@retrieval\.topK=1/);
    for (const row of [
      "pass rate",
      "false answers",
      "false refusals",
      "citation precision",
      "groundedness",
      "latency p95 ms",
      "cost / 100 answers",
    ]) {
      expect(matrix.stdout).toContain(row);
    }
  }, 60_000);

  it("exits 2 naming file, line and field of a bad suite, and rejects an unknown provider", async () => {
    writeFileSync(path("bad.yaml"), "- id: a\n  question: Q\n  mustContian: [x]\n");
    const bad = await runDocent(["eval", "run", "bad.yaml"], { cwd: workspace });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.yaml:3: [0].mustContian: unknown field");
    const unknown = await runDocent(["eval", "compare", "--providers", "nosuch", SUITES[1] as string], {
      cwd: workspace,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/answer\.provider/);
  });
});
