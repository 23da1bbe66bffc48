import { cpus, loadavg, totalmem } from "node:os";

/** The 1, 5 and 15 minute load averages, for saying how shared the machine was. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
}

/**
 * The line every benchmark prints first: cores, CPU model, memory, Node version and the load
 * average when it started (these figures come from a shared machine), then `note`.
 */
export function describeMachine(note = "shared with other work while measured"): string {
  return `machine: ${cpus().length} x ${cpus()[0]?.model ?? "unknown"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; load average ${loadAverage()}; ${note}`;
}
