import { Writable } from "node:stream";
import { runCli } from "../../src/cli/main.ts";
import type { DocentRun } from "./run-docent.ts";

function collector(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}

/**
 * Runs the `docent` CLI in this process (the same `runCli` that `bin/docent.js` calls) with the
 * given arguments, working directory and environment, capturing what it prints and its exit
 * code. Much faster than spawning Node; keep a few spawned runs (`runDocent`) for the binary itself.
 * Process-wide state (the circuit breakers) is shared between runs: tests that fail a provider
 * repeatedly should raise `answer.circuitBreaker.failureThreshold`.
 */
export async function runDocentInProcess(
  args: readonly string[],
  options: { cwd: string; environment?: Record<string, string> },
): Promise<DocentRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, {
    cwd: options.cwd,
    environment: { ...options.environment },
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
