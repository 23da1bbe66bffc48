import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Config } from "../../config/schema.ts";
import { DocentError } from "../../core/errors.ts";
import { sha256 } from "../../core/hash.ts";
import { ingestFolders } from "../../pipeline/ingest-folders.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import type { Store } from "../../store/store.ts";

/** The corpus a run evaluates: a private copy of the docs (plus planted pages) in a fresh index. */
export interface EvalCorpus {
  readonly store: Store;
  /** sha256 over every file's relative path and bytes: equal hashes mean the same corpus. */
  readonly hash: string;
  /** The store's corpus version after the ingest. */
  readonly version: number;
  readonly documents: number;
  readonly chunks: number;
  /** Relative paths of the pages planted into the copy (attack pages of safety suites). */
  readonly planted: readonly string[];
  /** Closes the store and deletes the copy and its index. */
  close(): Promise<void>;
}

export interface PrepareEvalCorpusOptions {
  /** The documentation folder to evaluate (`--docs`, default the bundled docs). */
  readonly docsDir: string;
  /** Folders whose files are copied over the docs copy, keeping their relative paths. */
  readonly plantDirs?: readonly string[];
  readonly config: Config;
  readonly signal?: AbortSignal;
}

/**
 * Copies `docsDir` into a temporary folder, plants the files of `plantDirs` into the copy (so
 * the real docs are never touched), ingests the copy into a temporary SQLite index with the
 * run's chunk settings, and hashes it. Every run indexes its own corpus, so a run is
 * reproducible from its run file.
 */
export async function prepareEvalCorpus(options: PrepareEvalCorpusOptions): Promise<EvalCorpus> {
  if (!existsSync(options.docsDir) || !statSync(options.docsDir).isDirectory()) {
    throw new DocentError(
      "SOURCE_NOT_FOUND",
      `Docs folder ${options.docsDir} does not exist: pass --docs <dir>`,
      {
        details: { path: options.docsDir },
      },
    );
  }
  const workDir = mkdtempSync(join(tmpdir(), "docent-eval-"));
  const copy = join(workDir, "docs");
  const planted: string[] = [];
  try {
    cpSync(options.docsDir, copy, { recursive: true });
    for (const plantDir of options.plantDirs ?? []) {
      if (!existsSync(plantDir)) {
        throw new DocentError("SOURCE_NOT_FOUND", `Planted pages folder ${plantDir} does not exist`, {
          details: { path: plantDir },
        });
      }
      planted.push(...listFiles(plantDir).map((file) => relative(plantDir, file)));
      cpSync(plantDir, copy, { recursive: true });
    }
    const hash = sha256(
      listFiles(copy)
        .map((file) => `${relative(copy, file)}\u0000${sha256(readFileSync(file))}`)
        .sort()
        .join("\n"),
    );
    const store = createSqliteStore({ path: join(workDir, "index.db"), mode: "write" });
    const summary = await ingestFolders({
      store,
      paths: [copy],
      config: options.config,
      cwd: workDir,
      signal: options.signal,
    });
    const stats = await store.stats({ signal: options.signal });
    return {
      store,
      hash,
      version: summary.corpusVersion,
      documents: stats.documents,
      chunks: stats.chunks,
      planted: [...new Set(planted)].sort(),
      async close() {
        await store.close();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
