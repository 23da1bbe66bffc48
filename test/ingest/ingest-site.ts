import { type CliRun, runCliInProcess } from "./run-cli-in-process.ts";

/** An in-process `docent ingest <site>` run and its parsed `--json` summary (null when it printed none). */
export interface SiteIngestRun<Summary> extends CliRun {
  readonly summary: Summary | null;
}

/**
 * Crawls a loopback fixture site into `index` as a user would: `docent ingest <origin>/ --index
 * <index> --allow-host 127.0.0.1 --delay 0 --json`, then `extra` flags.
 */
export async function ingestSite<Summary>(
  origin: string,
  index: string,
  cwd: string,
  extra: readonly string[] = [],
): Promise<SiteIngestRun<Summary>> {
  const run = await runCliInProcess(
    [
      "ingest",
      `${origin}/`,
      "--index",
      index,
      "--allow-host",
      "127.0.0.1",
      "--delay",
      "0",
      "--json",
      ...extra,
    ],
    cwd,
  );
  return { ...run, summary: run.stdout.length > 0 ? (JSON.parse(run.stdout) as Summary) : null };
}
