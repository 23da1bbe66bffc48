import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDocentError } from "../core/errors.ts";
import { loadLabelledQuestions } from "./load-labelled-questions.ts";

describe("loadLabelledQuestions", () => {
  const folder = mkdtempSync(join(tmpdir(), "docent-labelled-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("reads a suite's answerable cases with pages, splitting alternatives and dropping anchors", () => {
    writeFileSync(
      join(folder, "suite.yaml"),
      [
        "name: s",
        "cases:",
        "  - id: a",
        "    question: Where is the index?",
        "    requiredSourceUrls: [guides/ingest.md#where | index.md]",
        "  - id: b",
        "    question: What is the capital of France?",
        "    kind: refusal",
        "  - id: c",
        "    question: No pages listed",
      ].join("\n"),
    );
    expect(loadLabelledQuestions("suite.yaml", folder)).toEqual([
      { id: "a", question: "Where is the index?", relevantPages: ["guides/ingest.md", "index.md"] },
    ]);
  });

  it("reads a question file of { question, sources } lines", () => {
    writeFileSync(
      join(folder, "questions.jsonl"),
      `${JSON.stringify({ id: "p1", question: "Let the browser on another domain talk to my service", sources: ["tutorial/cors.md"] })}\n\n` +
        `${JSON.stringify({ question: "Upload a picture", sources: ["a.md", "a.md#x", "b.md"] })}\n`,
    );
    expect(loadLabelledQuestions("questions.jsonl", folder)).toEqual([
      {
        id: "p1",
        question: "Let the browser on another domain talk to my service",
        relevantPages: ["tutorial/cors.md"],
      },
      { id: "line-3", question: "Upload a picture", relevantPages: ["a.md", "b.md"] },
    ]);
  });

  it("names the file and line of a malformed question", () => {
    writeFileSync(
      join(folder, "bad.jsonl"),
      `${JSON.stringify({ question: "ok", sources: ["a.md"] })}\n${JSON.stringify({ question: "no sources", sources: "a.md" })}\n`,
    );
    const error = (() => {
      try {
        loadLabelledQuestions("bad.jsonl", folder);
      } catch (caught) {
        return caught;
      }
    })() as Error;
    expect(isDocentError(error, "INPUT_INVALID")).toBe(true);
    expect(error.message).toMatch(/bad\.jsonl:2: expected/);
  });

  it("reads the repository's paraphrase set and golden suite", () => {
    const root = join(import.meta.dirname, "..", "..");
    expect(loadLabelledQuestions("eval/paraphrase/fastapi-paraphrase.jsonl", root).length).toBe(46);
    expect(loadLabelledQuestions("eval/suites/golden.yaml", root).length).toBeGreaterThan(10);
  });
});
