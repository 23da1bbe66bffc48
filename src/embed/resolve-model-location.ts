import { existsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { DocentError } from "../core/errors.ts";

/** Where a model comes from: a folder on disk, or a model hub id downloaded on first use. */
export type ModelLocation =
  | { readonly kind: "folder"; readonly folder: string; readonly parent: string; readonly name: string }
  | { readonly kind: "hub"; readonly id: string };

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/u;

/**
 * Reads a configured model location: an existing folder (absolute, or relative to `cwd`) is
 * used as is and nothing is downloaded; otherwise `owner/name` is a model hub id. Anything else
 * (a path that does not exist, a bare word) is a configuration error that says so.
 *
 * @param setting - the configured value, e.g. `Xenova/bge-small-en-v1.5` or `./models/glove`.
 * @param option - the option's name, for messages (`embedding.model`).
 */
export function resolveModelLocation(setting: string, cwd: string, option: string): ModelLocation {
  const path = isAbsolute(setting) ? setting : resolve(cwd, setting);
  if (existsSync(path) && statSync(path).isDirectory()) {
    return { kind: "folder", folder: path, parent: dirname(path), name: basename(path) };
  }
  const looksLikePath = isAbsolute(setting) || setting.startsWith(".") || setting.includes("\\");
  if (!looksLikePath && HUB_ID.test(setting)) return { kind: "hub", id: setting };
  throw new DocentError(
    "CONFIG_INVALID",
    `${option} = "${setting}": no model folder at ${path}, and it is not a model hub id (owner/name, e.g. Xenova/bge-small-en-v1.5)`,
    { details: { option, value: setting, path } },
  );
}
