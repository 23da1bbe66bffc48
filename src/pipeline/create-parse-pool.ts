import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { ChunkedSource, ParseFileJob } from "./parse-folder-file.ts";

/** Below this many changed files, "auto" parses in the main thread (a worker takes ~0.3 s to start). */
export const AUTO_POOL_MIN_FILES = 64;
/** Most workers "auto" starts, whatever the core count. */
const AUTO_POOL_MAX_WORKERS = 4;
/**
 * Young-generation size of each worker, MB. V8's default on a large machine is 128 MB per
 * isolate; parsing makes short-lived garbage, so a small young generation costs little time and
 * keeps each worker's memory down.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** Jobs one worker holds at once (files being read while another is parsed). */
export const TASKS_PER_WORKER = 4;

/** The function of `parse-worker.ts` each job runs. */
const WORKER_FUNCTION = "parseFolderFile";

/** Worker threads that parse and chunk files; `run` resolves in any order, so callers keep their own order. */
export interface ParsePool {
  readonly size: number;
  run(job: ParseFileJob, signal?: AbortSignal): Promise<ChunkedSource>;
  close(): Promise<void>;
}

/**
 * How many parse workers an ingest of `files` changed files uses for the `ingest.parseWorkers`
 * setting: the number given, or for "auto" one per core beyond the main thread's (at most 4), and
 * none for small ingests or on two cores or fewer. Measured on 2 cores, a 100k-chunk ingest took
 * 17.7 s in the main thread, 18.4 s with one worker and 14.9 s with two, which also added 220 MB
 * of peak memory (two more V8 heaps): not worth it by default there.
 */
export function parseWorkerCount(
  setting: number | "auto",
  files: number,
  cores: number = availableParallelism(),
): number {
  if (setting !== "auto") return setting;
  if (files < AUTO_POOL_MIN_FILES || cores <= 2) return 0;
  return Math.min(AUTO_POOL_MAX_WORKERS, cores - 1);
}

/** Starts `size` parse worker threads (at least 1). Close the pool when the ingest ends. */
export function createParsePool(size: number): ParsePool {
  const threads = Math.max(1, Math.floor(size));
  const piscina = new Piscina<ParseFileJob, ChunkedSource>({
    filename: new URL("./parse-worker.ts", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // A job awaits its file read: a few per worker keep the thread parsing while others read.
    // Atomics would block a worker's event loop between tasks (and spin); messages suffice here.
    concurrentTasksPerWorker: TASKS_PER_WORKER,
    atomics: "disabled",
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  return {
    size: threads,
    run: (job, signal) =>
      piscina.run(job, signal ? { name: WORKER_FUNCTION, signal } : { name: WORKER_FUNCTION }),
    close: () => piscina.destroy(),
  };
}
