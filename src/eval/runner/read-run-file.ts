import { readFileSync } from "node:fs";
import { DocentError } from "../../core/errors.ts";
import type { RunFile } from "./run-file.ts";

/** Reads a run file written by `docent eval run --out`; a wrong or unreadable file is `INPUT_INVALID`. */
export function readRunFile(path: string): RunFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DocentError("INPUT_INVALID", `Cannot read run file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const candidate = parsed as Partial<RunFile> | null;
  if (
    candidate?.format !== "docent-eval-run" ||
    candidate.formatVersion !== 1 ||
    !Array.isArray(candidate.cases)
  ) {
    throw new DocentError(
      "INPUT_INVALID",
      `${path} is not a Docent run file (format docent-eval-run, version 1): write one with docent eval run --out`,
    );
  }
  return candidate as RunFile;
}
