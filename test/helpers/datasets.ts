import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Folder holding the shared evaluation datasets: `DOCENT_DATASETS`, else `../shared/datasets`. */
export function datasetsRoot(): string {
  return process.env.DOCENT_DATASETS ?? resolve(repositoryRoot, "..", "shared", "datasets");
}

/** Folder holding the shared model files: `DOCENT_MODELS`, else `../shared/models`. */
export function modelsRoot(): string {
  return process.env.DOCENT_MODELS ?? resolve(repositoryRoot, "..", "shared", "models");
}

/**
 * The path of a dataset (e.g. `fastapi-docs/docs`) and whether tests needing it should run.
 * In CI (`CI=true`) a missing dataset is not skipped: `available` is true so the test fails
 * loudly on the missing path. On a laptop it is skipped with a message.
 */
export function dataset(relativePath: string): { path: string; available: boolean } {
  const path = resolve(datasetsRoot(), relativePath);
  if (existsSync(path)) return { path, available: true };
  if (process.env.CI) return { path, available: true };
  process.stderr.write(`skipping tests that need ${path}: dataset not found (set DOCENT_DATASETS)\n`);
  return { path, available: false };
}

/** The repository root, for spawning the CLI and finding fixtures. */
export const REPOSITORY_ROOT = repositoryRoot;
