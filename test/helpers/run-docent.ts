import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPOSITORY_ROOT } from "./datasets.ts";

/** What a finished `docent` process left behind. */
export interface DocentRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/docent.js ...args` as a user would, in `cwd`, and waits for it to exit. Its
 * standard input is `input` (for `docent review`), empty without one.
 */
export function runDocent(
  args: readonly string[],
  options: { cwd: string; environment?: Record<string, string>; input?: string },
): Promise<DocentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPOSITORY_ROOT, "bin", "docent.js"), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.environment },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
