import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isDocentError } from "../../core/errors.ts";
import { expectedRefusal } from "./eval-case.ts";
import { loadSuite, loadSuites, type SuiteProblem } from "./load-suite.ts";

const dir = mkdtempSync(join(tmpdir(), "docent-suite-"));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
function problemsOf(action: () => unknown): SuiteProblem[] {
  try {
    action();
  } catch (error) {
    if (isDocentError(error, "INPUT_INVALID")) return error.details.problems as SuiteProblem[];
    throw error;
  }
  throw new Error("expected the suite to be rejected");
}

describe("loadSuite (YAML)", () => {
  it("reads a mapping suite with defaults, planted folders relative to the file, and a content hash", () => {
    const path = write(
      "ok.yaml",
      "name: demo\nplant: [../planted]\ncases:\n  - id: a\n    question: Where?\n  - id: b\n    kind: refusal\n    question: Who?\n    tags: [x]\n",
    );
    const suite = loadSuite(path);
    expect(suite.name).toBe("demo");
    expect(suite.plant).toEqual([join(dir, "..", "planted")]);
    expect(suite.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(suite.cases.map((item) => [item.id, item.kind, item.origin.line])).toEqual([
      ["a", "answerable", 4],
      ["b", "refusal", 6],
    ]);
    expect(suite.cases[0]?.mustContain).toEqual([]);
    expect(expectedRefusal(suite.cases[1] as never)).toBe(true);
  });

  it("names file, line and field for an unknown field, a wrong type, a missing field and a bad kind", () => {
    const path = write(
      "bad.yaml",
      [
        "- id: one",
        "  question: Where?",
        "  mustContian: [x]",
        "- id: two",
        "  question: Why?",
        "  mustContain: [ok, 3]",
        "- id: three",
        "- id: four",
        "  question: What?",
        "  kind: trick",
        "",
      ].join("\n"),
    );
    const problems = problemsOf(() => loadSuite(path));
    const brief = problems.map((problem) => `${problem.line} ${problem.field}`);
    expect(brief).toEqual(["3 [0].mustContian", "6 [1].mustContain[1]", "7 [2].question", "10 [3].kind"]);
    expect(problems.every((problem) => problem.file === path)).toBe(true);
    expect(problems[0]?.message).toMatch(/unknown field; accepted: id, question/);
    expect(problems[1]?.message).toMatch(/expected string/);
    expect(problems[2]?.message).toBe("is required");
  });

  it("reports duplicate ids with both places, and an unknown suite field", () => {
    const path = write(
      "dup.yaml",
      "cases:\n  - id: a\n    question: Q1\n  - id: a\n    question: Q2\nowner: me\n",
    );
    const problems = problemsOf(() => loadSuite(path));
    expect(problems).toContainEqual(expect.objectContaining({ line: 6, field: "owner" }));
    expect(problems).toContainEqual(
      expect.objectContaining({
        line: 4,
        field: "id",
        message: expect.stringContaining(`first used at ${path}:2`),
      }),
    );
  });

  it("reports a YAML syntax error with its line", () => {
    const path = write("syntax.yaml", "- id: a\n  question: [unclosed\n");
    expect(problemsOf(() => loadSuite(path))[0]).toMatchObject({ field: "(yaml)", file: path });
  });

  it("puts every problem in the error message as file:line: field: message", () => {
    const path = write("msg.yaml", "- id: a\n  question: 7\n");
    expect(() => loadSuite(path)).toThrow(
      `${path}:2: [0].question: Invalid input: expected string, received number`,
    );
  });
});

describe("loadSuite (JSONL)", () => {
  it("validates each line and names its line number", () => {
    const path = write(
      "cases.jsonl",
      [
        JSON.stringify({ id: "a", question: "Q", requiredSourceUrls: ["x.md"] }),
        "",
        "{not json",
        JSON.stringify({ id: "b", question: "Q", canaries: "SECRET" }),
        JSON.stringify({ id: "a", question: "Q again", extra: 1 }),
      ].join("\n"),
    );
    const brief = problemsOf(() => loadSuite(path)).map((problem) => `${problem.line} ${problem.field}`);
    expect(brief).toEqual(["3 (line)", "4 canaries", "5 extra"]);
  });

  it("finds duplicate ids across suite files", () => {
    const first = write("one.jsonl", `${JSON.stringify({ id: "same", question: "Q" })}\n`);
    const second = write("two.jsonl", `${JSON.stringify({ id: "same", question: "Q" })}\n`);
    expect(problemsOf(() => loadSuites([first, second]))).toEqual([
      expect.objectContaining({ file: second, line: 1, field: "id" }),
    ]);
  });
});
