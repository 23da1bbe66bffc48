import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { JudgeVerdict } from "./parse-judge-reply.ts";

/** Verdicts by input hash, so an unchanged answer is never judged (and paid for) twice. */
export interface JudgeCache {
  get(key: string): JudgeVerdict | null;
  set(key: string, verdict: JudgeVerdict): void;
}

/**
 * A cache of one JSON file per verdict, `<dir>/<key>.json`, written atomically (temporary file,
 * then rename), so concurrent runs and interrupted writes never leave half a verdict. An
 * unreadable file is a miss.
 */
export function createFileJudgeCache(dir: string): JudgeCache {
  return {
    get(key) {
      try {
        const parsed = JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8")) as {
          verdict?: JudgeVerdict;
        };
        const verdict = parsed.verdict;
        if (verdict && typeof verdict.pass === "boolean" && typeof verdict.confidence === "number")
          return verdict;
        return null;
      } catch {
        return null;
      }
    },
    set(key, verdict) {
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${key}.json`);
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(
        temporary,
        `${JSON.stringify({ format: "docent-judge-verdict", key, verdict }, null, 2)}\n`,
      );
      renameSync(temporary, path);
    },
  };
}
