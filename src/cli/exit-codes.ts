/** Process exit codes of the `docent` command. */
export const EXIT_CODES = {
  /** Everything worked. */
  ok: 0,
  /** The command ran and failed (a missing index, an unreadable dataset, ...). */
  failure: 1,
  /** The command line or the configuration was wrong. */
  usage: 2,
  /** `docent ingest` finished, but some inputs were skipped (the summary says which and why). */
  skipped: 3,
} as const;
