import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DocentError } from "../../core/errors.ts";

/** Where the money spent on model calls is recorded, per UTC day. */
export interface SpendLedger {
  /** US dollars spent on `day` (`YYYY-MM-DD`, UTC). */
  spentOn(day: string): number;
  /** Adds `usd` to `day`. */
  add(day: string, usd: number): void;
}

/** The UTC day of an epoch-millisecond time, as `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** A ledger in memory (tests, or a server that does not need the spend to survive a restart). */
export function createMemorySpendLedger(): SpendLedger {
  const days = new Map<string, number>();
  return {
    spentOn: (day) => days.get(day) ?? 0,
    add: (day, usd) => {
      days.set(day, (days.get(day) ?? 0) + usd);
    },
  };
}

/**
 * A ledger in a small JSON file (`{ "2026-05-01": 0.0123, ... }`), by default `spend.json` next
 * to the index, so every `docent ask` process sees what earlier ones spent. Each `add`
 * re-reads the file and replaces it atomically (write to a temporary file, then rename), keeping
 * the last 31 days. Two processes adding at the very same moment can lose one addition; the
 * budget is a guard against runaway cost, not an accounting system.
 */
export function createFileSpendLedger(path: string): SpendLedger {
  const read = (): Record<string, number> => {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return {};
    }
    try {
      const data = JSON.parse(text) as unknown;
      return typeof data === "object" && data !== null && !Array.isArray(data)
        ? (data as Record<string, number>)
        : {};
    } catch (error) {
      throw new DocentError(
        "CONFIG_FILE_UNREADABLE",
        `The spend ledger ${path} is not valid JSON: fix or delete it`,
        {
          details: { path },
          cause: error,
        },
      );
    }
  };
  return {
    spentOn: (day) => {
      const value = read()[day];
      return typeof value === "number" && Number.isFinite(value) ? value : 0;
    },
    add: (day, usd) => {
      const days = read();
      days[day] = (typeof days[day] === "number" ? days[day] : 0) + usd;
      const kept = Object.fromEntries(
        Object.entries(days)
          .sort(([a], [b]) => a.localeCompare(b))
          .slice(-31),
      );
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(kept, null, 2)}\n`);
      renameSync(temporary, path);
    },
  };
}
