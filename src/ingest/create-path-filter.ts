import picomatch from "picomatch";

/** Include and exclude globs of a folder ingest (config `ingest.include` / `ingest.exclude`). */
export interface PathFilterOptions {
  /** Globs a file's source path must match to be read; empty means every file. */
  readonly include?: readonly string[];
  /** Globs that leave a file out even when it matches `include`. */
  readonly exclude?: readonly string[];
}

/**
 * A predicate over `/`-separated paths relative to the ingested root, from glob patterns
 * (picomatch syntax: `**`, `*`, `{a,b}`, `!`-free). Dot files match only when a pattern names the dot.
 *
 * @example
 * const accepts = createPathFilter({ include: ["guide/**"], exclude: ["**\/drafts/**"] });
 * accepts("guide/install.md"); // true
 * accepts("guide/drafts/next.md"); // false
 */
export function createPathFilter(options: PathFilterOptions): (source: string) => boolean {
  const include = options.include?.length ? picomatch([...options.include]) : () => true;
  const exclude = options.exclude?.length ? picomatch([...options.exclude]) : () => false;
  return (source) => include(source) && !exclude(source);
}
