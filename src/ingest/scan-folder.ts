import type { Dirent, Stats } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, extname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { DocentError, describeError } from "../core/errors.ts";
import { createPathFilter } from "./create-path-filter.ts";

/** A file found by {@link scanFolder}, to be read and parsed. */
export interface SourceFile {
  /** Absolute path on disk (the link's target when the file was reached through a symbolic link). */
  readonly absolutePath: string;
  /** Path relative to the scanned root, `/`-separated: the document's identity key. */
  readonly source: string;
  /** Size on disk when scanned, in bytes. */
  readonly sizeBytes: number;
}

/** A source that was left out, with a reason a user can act on. */
export interface SkippedSource {
  /** Path relative to the scanned root, `/`-separated. */
  readonly source: string;
  /** Why it was left out and, where it helps, how to include it. */
  readonly reason: string;
}

/** Options of {@link scanFolder}. */
export interface ScanFolderOptions {
  /** Extensions to read, lower case with the dot (config `ingest.extensions`); others are ignored silently. */
  readonly extensions: readonly string[];
  /** Globs (relative to the root) a file must match to be read; empty or absent means all. */
  readonly include?: readonly string[];
  /** Globs (relative to the root) of files to leave out. */
  readonly exclude?: readonly string[];
  /**
   * Names of `.gitignore`-style files honoured in every folder of the walk (config
   * `ingest.ignoreFiles`, default `.gitignore` and `.docentignore`). Their patterns apply to the
   * folder holding them and below, as in git; a deeper file cannot re-include what a shallower one
   * excluded.
   */
  readonly ignoreFiles?: readonly string[];
  /** Stops the scan; it then rejects with a DocentError `ABORTED`. */
  readonly signal?: AbortSignal;
}

/** What {@link scanFolder} found. */
export interface ScanFolderResult {
  /** Files to read, sorted by `source`. */
  readonly files: SourceFile[];
  /** Links and folders left out, with the reason, sorted by `source`. */
  readonly skipped: SkippedSource[];
}

/** Folders never descended into besides hidden ones (names starting with `.`, e.g. `.git`, `.docent`). */
const IGNORED_FOLDERS = new Set(["node_modules"]);

/**
 * Lists the documentation files under `root`, recursively and in a deterministic order. Hidden
 * files and folders and `node_modules` are not entered. A symbolic link is followed only when its
 * target stays inside `root`; a link leaving it, a broken link or an unreadable folder is skipped
 * with a reason. `root` may also be a single file.
 *
 * @throws DocentError `SOURCE_NOT_FOUND` when `root` does not exist; `ABORTED` when `signal` fires.
 */
export async function scanFolder(root: string, options: ScanFolderOptions): Promise<ScanFolderResult> {
  const extensions = new Set(options.extensions.map((extension) => extension.toLowerCase()));
  const absoluteRoot = resolve(root);
  let rootStats: Stats;
  let realRoot: string;
  try {
    rootStats = await stat(absoluteRoot);
    realRoot = await realpath(absoluteRoot);
  } catch (error) {
    throw new DocentError(
      "SOURCE_NOT_FOUND",
      `Source "${root}" was not found (resolved to ${absoluteRoot}): check the path, relative paths start from ${process.cwd()}`,
      { details: { path: absoluteRoot }, cause: error },
    );
  }
  const files: SourceFile[] = [];
  const skipped: SkippedSource[] = [];

  if (!rootStats.isDirectory()) {
    const source = basename(absoluteRoot);
    if (extensions.has(extname(source).toLowerCase())) {
      files.push({ absolutePath: absoluteRoot, source, sizeBytes: rootStats.size });
    } else {
      skipped.push({
        source,
        reason: `extension "${extname(source)}" is not in ingest.extensions (${[...extensions].join(", ")})`,
      });
    }
    return { files, skipped };
  }

  const isInsideRoot = (path: string): boolean => path === realRoot || path.startsWith(realRoot + sep);
  const toSource = (path: string): string => relative(absoluteRoot, path).split(sep).join("/");
  const accepts = createPathFilter(options);
  const ignoreFileNames = options.ignoreFiles ?? [];
  type IgnoreLevel = { readonly base: string; readonly rules: Ignore };
  const isIgnored = (levels: readonly IgnoreLevel[], source: string, isFolder: boolean): boolean =>
    levels.some(({ base, rules }) => {
      const inside = base.length === 0 ? source : source.slice(base.length + 1);
      return rules.ignores(isFolder ? `${inside}/` : inside);
    });

  // `ancestors` holds the real paths of the folders on the current walk, to stop link cycles;
  // `levels` the ignore files met on the way down.
  const walk = async (
    folder: string,
    ancestors: readonly string[],
    inherited: readonly IgnoreLevel[] = [],
  ): Promise<void> => {
    throwIfAborted(options.signal);
    const levels = [...inherited];
    for (const name of ignoreFileNames) {
      const text = await readFile(join(folder, name), "utf8").catch(() => null);
      if (text !== null) levels.push({ base: toSource(folder), rules: ignore().add(text) });
    }
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      skipped.push({
        source: toSource(folder) || ".",
        reason: `cannot read folder: ${describeError(error)}`,
      });
      return;
    }
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || IGNORED_FOLDERS.has(entry.name)) continue;
      const path = join(folder, entry.name);
      const source = toSource(path);
      if (isIgnored(levels, source, entry.isDirectory())) continue;
      if (entry.isDirectory()) {
        await walk(path, [...ancestors, join(ancestors.at(-1) ?? realRoot, entry.name)], levels);
      } else if (entry.isFile()) {
        if (!extensions.has(extname(entry.name).toLowerCase()) || !accepts(source)) continue;
        const fileStats = await stat(path).catch(() => undefined);
        files.push({ absolutePath: path, source, sizeBytes: fileStats?.size ?? 0 });
      } else if (entry.isSymbolicLink()) {
        await followLink(path, source, ancestors, levels);
      }
    }
  };

  const followLink = async (
    path: string,
    source: string,
    ancestors: readonly string[],
    levels: readonly IgnoreLevel[],
  ): Promise<void> => {
    let target: string;
    let targetStats: Stats;
    try {
      target = await realpath(path);
      targetStats = await stat(target);
    } catch {
      if (extensions.has(extname(path).toLowerCase())) {
        skipped.push({ source, reason: "broken symbolic link: its target does not exist" });
      }
      return;
    }
    const isFolder = targetStats.isDirectory();
    if (!isFolder && (!extensions.has(extname(path).toLowerCase()) || !accepts(source))) return;
    if (!isInsideRoot(target)) {
      skipped.push({
        source,
        reason: `symbolic link points outside the ingested folder (to ${target}); links are followed only inside it`,
      });
      return;
    }
    if (isFolder) {
      // A link back to a folder on the current walk would loop forever.
      if (ancestors.includes(target)) {
        skipped.push({ source, reason: `symbolic link loops back to a folder containing it (${target})` });
        return;
      }
      await walk(path, [...ancestors, target], levels);
      return;
    }
    if (targetStats.isFile()) files.push({ absolutePath: target, source, sizeBytes: targetStats.size });
  };

  await walk(absoluteRoot, [realRoot]);
  const bySource = (left: { source: string }, right: { source: string }): number =>
    left.source < right.source ? -1 : left.source > right.source ? 1 : 0;
  return { files: files.sort(bySource), skipped: skipped.sort(bySource) };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new DocentError("ABORTED", "The folder scan was cancelled.", { cause: signal.reason });
  }
}
