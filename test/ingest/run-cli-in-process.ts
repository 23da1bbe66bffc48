import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli/main.ts";

/** What one in-process `docent` run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `docent ...args` inside this process (faster than spawning Node), capturing its output. */
export async function runCliInProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const code = await runCli(args, { cwd, environment: {}, stdout, stderr });
  return { code, stdout: out, stderr: err };
}
