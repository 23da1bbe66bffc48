import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { modelsRoot } from "./datasets.ts";

/**
 * The path of a model folder under `DOCENT_MODELS` (e.g. `derived__glove-6B-100d-sif`) and
 * whether tests needing it should run. In CI (`CI=true`) a missing model is not skipped: the
 * tests run and fail on the missing path. Elsewhere they are skipped with a message.
 */
export function model(relativePath: string): { path: string; available: boolean } {
  const path = resolve(modelsRoot(), relativePath);
  if (existsSync(path)) return { path, available: true };
  if (process.env.CI) return { path, available: true };
  process.stderr.write(`skipping tests that need ${path}: model not found (set DOCENT_MODELS)\n`);
  return { path, available: false };
}

/** The GloVe-SIF model folder every local-embedding test uses. */
export const GLOVE = "derived__glove-6B-100d-sif";
