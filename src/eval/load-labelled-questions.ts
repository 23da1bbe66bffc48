import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { DocentError } from "../core/errors.ts";
import { loadSuite } from "./suite/load-suite.ts";

/** A question and the pages that answer it (URLs as the index stores them, without `#anchor`). */
export interface LabelledQuestion {
  readonly id: string;
  readonly question: string;
  /** Page URLs, any of which answers the question. */
  readonly relevantPages: readonly string[];
}

/**
 * Reads labelled questions for calibration from either
 * - an eval suite (`.yaml`/`.yml`, or `.jsonl` with suite fields): its answerable cases that
 *   list `requiredSourceUrls`; every alternative of every entry (`a.md | b.md`) counts; or
 * - a question file (`.jsonl`, one `{ "id", "question", "sources": ["page.md", ...] }` a line,
 *   like `eval/paraphrase/fastapi-paraphrase.jsonl`).
 * Section anchors are dropped: relevance is judged per page. Questions without a page are skipped.
 *
 * @throws DocentError SOURCE_NOT_FOUND / INPUT_INVALID naming the file (and line) at fault.
 */
export function loadLabelledQuestions(file: string, cwd: string): LabelledQuestion[] {
  const extension = extname(file).toLowerCase();
  if (extension === ".jsonl") {
    const absolute = resolve(cwd, file);
    let source: string;
    try {
      source = readFileSync(absolute, "utf8");
    } catch (error) {
      throw new DocentError("SOURCE_NOT_FOUND", `Cannot read ${file}: check the path`, {
        details: { file },
        cause: error,
      });
    }
    const first = source.split("\n").find((line) => line.trim() !== "");
    if (first && /"sources"\s*:/u.test(first)) return parseQuestionFile(file, source);
  }
  const suite = loadSuite(file, cwd);
  return suite.cases
    .filter((evalCase) => evalCase.kind === "answerable" && evalCase.requiredSourceUrls.length > 0)
    .map((evalCase) => ({
      id: evalCase.id,
      question: evalCase.question,
      relevantPages: pages(evalCase.requiredSourceUrls.flatMap((entry) => entry.split("|"))),
    }));
}

function parseQuestionFile(file: string, source: string): LabelledQuestion[] {
  const questions: LabelledQuestion[] = [];
  for (const [index, line] of source.split("\n").entries()) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new DocentError("INPUT_INVALID", `${file}:${index + 1}: not valid JSON`, {
        details: { file, line: index + 1 },
        cause: error,
      });
    }
    const record = parsed as { id?: unknown; question?: unknown; sources?: unknown };
    if (
      typeof record.question !== "string" ||
      !Array.isArray(record.sources) ||
      !record.sources.every((page) => typeof page === "string")
    ) {
      throw new DocentError(
        "INPUT_INVALID",
        `${file}:${index + 1}: expected { "question": string, "sources": [page, ...] }`,
        { details: { file, line: index + 1 } },
      );
    }
    questions.push({
      id: typeof record.id === "string" ? record.id : `line-${index + 1}`,
      question: record.question,
      relevantPages: pages(record.sources as string[]),
    });
  }
  return questions.filter((question) => question.relevantPages.length > 0);
}

/** Trimmed page URLs without anchors, each once. */
function pages(urls: readonly string[]): string[] {
  return [...new Set(urls.map((url) => url.trim().replace(/#.*$/u, "")).filter((url) => url !== ""))];
}
