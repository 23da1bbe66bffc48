import { existsSync, writeFileSync } from "node:fs";

/** Longest a paused ingest waits before it goes on by itself, so a forgotten hook cannot hang forever. */
const MAX_PAUSE_MS = 60_000;

/**
 * TEST ONLY. The hook behind `DOCENT_TEST_PAUSE_IN_TRANSACTION=<file>`: inside an ingest's write
 * transaction, after every row is written and before the commit, it writes `<file>` (holding the
 * process id) and blocks while that file exists (at most 60 s). A test waits for the file and
 * then kills the process with SIGKILL, knowing the kill lands inside the transaction; deleting
 * the file lets the ingest commit. Returns undefined when the variable is not set (always, in use).
 */
export function pauseInTransactionHook(markerFile: string | undefined): (() => void) | undefined {
  if (markerFile === undefined || markerFile.length === 0) return undefined;
  return () => {
    writeFileSync(markerFile, String(process.pid));
    // The transaction is synchronous (better-sqlite3): block this thread without spinning.
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    const deadline = Date.now() + MAX_PAUSE_MS;
    while (existsSync(markerFile) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 20);
  };
}
