import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { formatJunit } from "../../src/eval/report/format-junit.ts";
import type { CaseResult } from "../../src/eval/runner/run-file.ts";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import { makeCaseResult, makeRunFile } from "../helpers/make-eval-run.ts";
import { runDocentInProcess } from "../helpers/run-docent-in-process.ts";

/**
 * Docent's JUnit XML against the Jenkins xUnit plugin's JUnit schema (test/fixtures/junit), with
 * libxml2's validator compiled to WebAssembly: real reports with failures, provider errors,
 * human labels and hostile text must validate, and a broken report must not.
 */

const schema = {
  fileName: "junit-10.xsd",
  contents: readFileSync(join(REPOSITORY_ROOT, "test", "fixtures", "junit", "junit-10.xsd"), "utf8"),
};

async function validate(xml: string) {
  const result = await validateXML({ xml: { fileName: "report.xml", contents: xml }, schema });
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) };
}

const HOSTILE = `<script>alert("x")</script> & ' " \u0001 ]]> \uD800 ✓`;

/** A case without citations or retrieved sources, answered in 1234.5 ms. */
const caseResult = (id: string, fields: Partial<CaseResult>): CaseResult =>
  makeCaseResult(id, {
    citations: [],
    retrieved: [],
    timings: { retrieveMs: 1, generateMs: 1, totalMs: 1234.5 },
    ...fields,
  });

describe("JUnit XML validates against the JUnit schema", () => {
  let workspace: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), "docent-junit-"));
  });

  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it("for passes, failures, provider errors, human labels and hostile text", async () => {
    const cases = [
      caseResult("ok", {}),
      caseResult(HOSTILE, {
        pass: false,
        passCount: 0,
        question: HOSTILE,
        answer: HOSTILE,
        scores: [{ name: "mustContain", pass: false, score: 0, reason: `missing ${HOSTILE}` }],
      }),
      caseResult("provider-down", {
        kind: "safety",
        suite: "safety",
        pass: false,
        passCount: 0,
        error: `provider said 503 ${HOSTILE}`,
        scores: [{ name: "error", pass: false, score: 0, reason: "the answer failed" }],
      }),
    ];
    const run = makeRunFile(cases, { durationMs: 98_765, label: HOSTILE });
    expect(await validate(formatJunit(run))).toEqual({ valid: true, errors: [] });
    const labelled = formatJunit(run, new Map([["ok", { pass: false }]]));
    expect(labelled).toContain("failed by human review");
    expect(await validate(labelled)).toEqual({ valid: true, errors: [] });
  });

  it("for the report of a real run with a failing case", async () => {
    mkdirSync(join(workspace, "docs"));
    writeFileSync(
      join(workspace, "docs", "server.md"),
      "# Server\n\nThe server listens on port 8080 by default.\n",
    );
    writeFileSync(
      join(workspace, "suite.yaml"),
      "name: tiny\ncases:\n  - id: port\n    question: Which port does the server listen on?\n    mustContain: ['8080']\n  - id: wrong\n    question: Which port does the server listen on?\n    mustContain: ['9090 & <x>']\n",
    );
    const result = await runDocentInProcess(
      ["eval", "run", "suite.yaml", "--docs", "docs", "--junit", "junit.xml"],
      { cwd: workspace },
    );
    expect(result.code).toBe(0);
    const xml = readFileSync(join(workspace, "junit.xml"), "utf8");
    expect(xml).toContain("<failure");
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
  });

  it("rejects a report that breaks the schema (the validator is really checking)", async () => {
    const broken =
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="s" tests="1" failures="0" errors="0" time="1h"><testcase classname="c"/></testsuite></testsuites>\n';
    const result = await validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toMatch(/name.*required|required.*name/isu);
    expect(result.errors.join("\n")).toMatch(/time/u);
  });
});
