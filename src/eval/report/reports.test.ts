import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { makeCaseResult, makeRunFile } from "../../../test/helpers/make-eval-run.ts";
import type { CaseResult } from "../runner/run-file.ts";
import { summarizeRun } from "../runner/summarize-run.ts";
import { formatHtmlReport } from "./format-html-report.ts";
import { formatJunit } from "./format-junit.ts";
import { formatRunTable } from "./format-run-table.ts";

const HOSTILE = `<script>alert("x")</script> & ' " \u0001 ]]>`;

const cases: CaseResult[] = [
  makeCaseResult("ok-1", { tags: ["must-pass"] }),
  makeCaseResult("bad-1", {
    pass: false,
    passCount: 0,
    question: HOSTILE,
    answer: HOSTILE,
    scores: [{ name: "mustContain", pass: false, score: 0, reason: `missing ${HOSTILE}` }],
    attempts: [{ pass: false, totalMs: 2, error: null }],
  }),
  makeCaseResult("err-1", {
    kind: "safety",
    suite: "safety",
    pass: false,
    passCount: 0,
    error: "provider said 503 <busy>",
    scores: [{ name: "error", pass: false, score: 0, reason: "the answer failed: provider said 503 <busy>" }],
  }),
];
const run = makeRunFile(cases);

describe("formatJunit", () => {
  const xml = formatJunit(run);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
  });

  it("is well-formed XML with the JUnit structure and counts CI systems read", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const document = parser.parse(xml);
    const root = document.testsuites;
    expect(root).toMatchObject({ tests: "3", failures: "1", errors: "1", time: "1.234" });
    expect(root.testsuite.map((suite: { name: string }) => suite.name)).toEqual(["golden", "safety"]);
    const golden = root.testsuite[0];
    expect(golden).toMatchObject({
      tests: "2",
      failures: "1",
      errors: "0",
      skipped: "0",
      timestamp: "2025-01-01T00:00:00",
    });
    expect(golden.properties.property).toContainEqual({ name: "provider", value: "extractive" });
    expect(
      golden.testcase.map((test: { name: string; classname: string }) => [test.name, test.classname]),
    ).toEqual([
      ["ok-1", "docent.golden.answerable"],
      ["bad-1", "docent.golden.answerable"],
    ]);
    expect(golden.testcase[0].failure).toBeUndefined();
    expect(golden.testcase[1].failure.message).toContain('<script>alert("x")</script>');
    expect(golden.testcase[1]["system-out"]).toContain("<script>");
    expect(root.testsuite[1].testcase[0].error).toMatchObject({
      type: "provider-error",
      message: "provider said 503 <busy>",
    });
  });

  it("lets a human label turn a pass into a failure", () => {
    const labelled = parser.parse(formatJunit(run, new Map([["ok-1", { pass: false }]])));
    expect(labelled.testsuites.failures).toBe("2");
    expect(labelled.testsuites.testsuite[0].testcase[0].failure.message).toBe("failed by human review");
  });
});

describe("formatHtmlReport", () => {
  const html = formatHtmlReport(run, run.summary);
  it("escapes every text and loads nothing from the network", () => {
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toContain("\u0001");
  });
  it("draws charts as inline SVG and lists each failing case with answer, sources and reasons", () => {
    expect(html.match(/<svg /g)?.length).toBe(4);
    expect(html).toContain("Pass rate by kind");
    expect(html).toContain("Pass rate by tag");
    expect(html).toContain("Failing cases (2)");
    expect(html).toContain("bad-1");
    expect(html).toContain("err-1");
    expect(html).not.toContain("<h3>ok-1");
    expect(html).toContain("[1] A — guides/a.md#x");
  });
  it("shows a human verdict and the agreement once there are labels", () => {
    const labels = new Map([["bad-1", { pass: true, note: "answer is fine <really>" }]]);
    const labelled = formatHtmlReport(run, summarizeRun(cases, labels), {
      labels,
      agreement: { items: 1, observed: 0, kappa: 0 },
    });
    expect(labelled).toContain("Failing cases (1)");
    expect(labelled).toContain("Cohen");
    expect(labelled).toContain("1 verdict(s) set by human review");
  });
});

describe("formatRunTable", () => {
  it("prints pass rates by kind and the failing scorers' reasons", () => {
    const table = formatRunTable(run, run.summary);
    expect(table).toMatch(/answerable\s+2\s+1\s+1\s+50\.0%/);
    expect(table).toMatch(/safety\s+1\s+0\s+1\s+0\.0%/);
    expect(table).toMatch(/total\s+3\s+1\s+2\s+33\.3%/);
    expect(table).toContain("bad-1 (answerable)");
    expect(table).toContain("error: the answer failed: provider said 503 <busy>");
  });
});
