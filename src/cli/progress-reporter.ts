import { SingleBar } from "cli-progress";

/** Reports progress of long work on standard error. */
export interface ProgressReporter {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

/**
 * A progress bar with count and ETA on a terminal; on a pipe or a log file, a plain line at most
 * every two seconds (and at the end), so logs stay readable.
 */
export function createProgressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  title: string,
): ProgressReporter {
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${title} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted} | {label}`,
      stream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    let started = false;
    return {
      update(done, total, label) {
        if (!started) {
          bar.start(total, 0, { label: "" });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { label: label.length > 40 ? `…${label.slice(-39)}` : label });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const startedAt = Date.now();
  let lastPrinted = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - lastPrinted < 2000) return;
      lastPrinted = now;
      const elapsed = (now - startedAt) / 1000;
      const eta = done > 0 ? Math.max(0, (elapsed / done) * (total - done)) : 0;
      const percent = total > 0 ? Math.round((done / total) * 100) : 100;
      stream.write(`${title}: ${done}/${total} (${percent}%), eta ${eta.toFixed(0)}s\n`);
    },
    stop() {},
  };
}
