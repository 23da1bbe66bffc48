/** The numbers the collapse guard decides on, for one given path or URL. */
export interface CollapseCheck {
  /** The path or URL given to ingest. */
  readonly root: string;
  /** Stored documents it covered before this sync. */
  readonly stored: number;
  /** Of those, documents this sync would delete. */
  readonly deleted: number;
  /** Of those, documents this sync would replace with a version that has no chunk at all. */
  readonly emptied: number;
}

/**
 * The collapse guard: a message refusing the sync when it would delete or empty more than
 * `maxShare` of the documents a path or URL covers (a broken build, a wrong folder or a crawl that
 * met error pages must not wipe an index), else null. A path with nothing stored yet is never
 * refused.
 *
 * @param checks - One entry per given path or URL.
 * @param maxShare - Config `ingest.maxDeleteShare` (0-1, default 0.2).
 */
export function collapseGuardMessage(checks: readonly CollapseCheck[], maxShare: number): string | null {
  const refused = checks.filter(
    (check) =>
      check.stored > 0 &&
      check.deleted + check.emptied > 0 &&
      check.deleted + check.emptied > maxShare * check.stored,
  );
  if (refused.length === 0) return null;
  const lines = refused.map((check) => {
    const lost = check.deleted + check.emptied;
    const parts = [`${check.deleted} deleted`, ...(check.emptied > 0 ? [`${check.emptied} emptied`] : [])];
    return `${check.root}: ${lost} of ${check.stored} documents (${Math.round((lost / check.stored) * 100)}%: ${parts.join(", ")})`;
  });
  return (
    `Refusing this sync: it would remove more than ${Math.round(maxShare * 100)}% (ingest.maxDeleteShare) of the documents of\n  ${lines.join("\n  ")}\n` +
    "Nothing was changed. If the source really lost those pages, run again with --force " +
    "(or raise ingest.maxDeleteShare); otherwise check the source (a broken build, a wrong folder, a site returning errors). " +
    "`docent ingest --dry-run` lists what would change."
  );
}
