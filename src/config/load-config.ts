import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { DocentError } from "../core/errors.ts";
import { PROVIDER_ENVIRONMENT_SETTINGS, providerEnvironmentValue } from "./provider-environment.ts";
import { type Config, configSchema } from "./schema.ts";

/** The config file names looked for in the working directory, in order. */
export const CONFIG_FILE_NAMES = ["docent.config.json", "docent.config.yaml", "docent.config.yml"] as const;

/** Environment variables mapped to settings. */
export const ENVIRONMENT_SETTINGS: Readonly<Record<string, string>> = {
  DOCENT_INDEX: "index.path",
  DOCENT_BASE_URL: "ingest.baseUrl",
  DOCENT_TOP_K: "retrieval.topK",
  DOCENT_PROVIDER: "answer.provider",
  DOCENT_MODEL: "answer.model",
  DOCENT_EMBED_MODEL: "embedding.model",
  DOCENT_RERANK_MODEL: "rerank.model",
};

export interface LoadConfigOptions {
  /** Working directory where the config file is looked for and relative paths resolve. */
  readonly cwd: string;
  /** An explicit config file (`--config`); an error when it does not exist. */
  readonly configFile?: string;
  /** Environment, usually `process.env`. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Settings from flags, as dotted keys (`retrieval.topK`) to raw string or typed values. */
  readonly overrides?: ReadonlyArray<readonly [key: string, value: unknown]>;
}

/** The loaded configuration and where its file came from. */
export interface LoadedConfig {
  readonly config: Config;
  readonly configFile: string | null;
}

/**
 * Loads and validates the configuration. Precedence: overrides (flags, `--set`) > environment >
 * config file > defaults. Throws a DocentError `CONFIG_INVALID` naming the option, the value and
 * what is accepted.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const configFile = findConfigFile(options.cwd, options.configFile);
  const merged: Record<string, unknown> = configFile ? readConfigFile(configFile) : {};
  const origins = new Map<string, string>();
  const set = (key: string, value: unknown, origin: string) => {
    setDotted(merged, key, coerce(key, value), origin);
    origins.set(key, origin);
  };
  for (const [variable, key] of Object.entries(ENVIRONMENT_SETTINGS)) {
    const value = options.environment?.[variable];
    if (value !== undefined && value !== "") set(key, value, variable);
  }
  // The provider's own variables (OPENAI_API_KEY, ...) belong to the environment layer too, so a
  // key in the environment beats one in the file, and a flag beats both.
  const provider = providerInEffect(merged, options.overrides ?? []);
  for (const [variable, key] of PROVIDER_ENVIRONMENT_SETTINGS[provider] ?? []) {
    const value = options.environment?.[variable];
    if (value !== undefined && value !== "") set(key, providerEnvironmentValue(variable, value), variable);
  }
  for (const [key, value] of options.overrides ?? []) set(key, value, `--set ${key}`);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) throw configError(parsed.error, merged, origins);
  return { config: parsed.data, configFile };
}

/** Parses `key=value` as given to `--set`. */
export function parseSetting(text: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) {
    throw new DocentError(
      "CONFIG_INVALID",
      `--set expects key=value (e.g. retrieval.topK=3), got "${text}"`,
      {
        details: { option: "--set", value: text },
      },
    );
  }
  return [text.slice(0, at).trim(), text.slice(at + 1)];
}

function findConfigFile(cwd: string, explicit: string | undefined): string | null {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) {
      throw new DocentError("CONFIG_FILE_UNREADABLE", `Config file ${path} does not exist`, {
        details: { path },
      });
    }
    return path;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  return null;
}

function readConfigFile(path: string): Record<string, unknown> {
  let data: unknown;
  try {
    const text = readFileSync(path, "utf8");
    data = path.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new DocentError(
      "CONFIG_FILE_UNREADABLE",
      `Config file ${path} could not be parsed: ${(error as Error).message}`,
      {
        details: { path },
        cause: error,
      },
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new DocentError("CONFIG_INVALID", `Config file ${path} must hold an object of settings`, {
      details: { path },
    });
  }
  return structuredClone(data) as Record<string, unknown>;
}

/** Turns a string from the environment or `--set` into the type the schema expects at `key`. */
function coerce(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const leaf = schemaAt(key);
  if (leaf === undefined) return value; // unknown key: let validation report it
  const kind = leafKind(leaf);
  if (kind === "number") {
    const number = Number(value);
    return value.trim() !== "" && Number.isFinite(number) ? number : value;
  }
  if (kind === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if (kind === "array") return value.split(",").map((item) => item.trim());
  return value;
}

function schemaAt(key: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = configSchema;
  for (const part of key.split(".")) {
    const object = unwrap(current);
    if (!(object instanceof z.ZodObject)) return undefined;
    current = (object.shape as Record<string, z.ZodType>)[part];
    if (current === undefined) return undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function leafKind(schema: z.ZodType): "number" | "boolean" | "array" | "other" {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodNumber) return "number";
  if (inner instanceof z.ZodBoolean) return "boolean";
  if (inner instanceof z.ZodArray) return "array";
  return "other";
}

function setDotted(target: Record<string, unknown>, key: string, value: unknown, origin: string): void {
  const parts = key.split(".");
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (typeof next !== "object" || next === null || Array.isArray(next)) {
      throw new DocentError("CONFIG_INVALID", `${origin}: "${part}" is not a group of settings`, {
        details: { option: key },
      });
    }
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) as string] = value;
}

/** The `answer.provider` that will be in effect: a flag's, else the merged environment and file's. */
function providerInEffect(
  merged: Record<string, unknown>,
  overrides: ReadonlyArray<readonly [key: string, value: unknown]>,
): string {
  const flag = overrides.findLast(([key]) => key === "answer.provider")?.[1];
  if (typeof flag === "string") return flag;
  const provider = valueAt(merged, ["answer", "provider"]);
  return typeof provider === "string" ? provider : "extractive";
}

/** Options whose values are secrets: never echoed in an error message. */
const SECRET_OPTION = /(?:apiKey|secret|token|password)$/iu;

function configError(
  error: z.ZodError,
  input: Record<string, unknown>,
  origins: ReadonlyMap<string, string> = new Map(),
): DocentError {
  const problems = error.issues.map((issue) => {
    const option = issue.path.join(".") || "(root)";
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => (option === "(root)" ? key : `${option}.${key}`));
      return `unknown option ${keys.join(", ")}: ${describeKnownOptions(issue.path)}`;
    }
    const value = SECRET_OPTION.test(option) ? "(hidden)" : JSON.stringify(valueAt(input, issue.path));
    const origin = origins.get(option);
    return `${option} = ${value}${origin ? ` (from ${origin})` : ""}: ${issue.message}`;
  });
  return new DocentError("CONFIG_INVALID", `Invalid configuration: ${problems.join("; ")}`, {
    details: {
      issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    },
  });
}

function describeKnownOptions(path: readonly PropertyKey[]): string {
  const schema = unwrap(path.length === 0 ? configSchema : schemaAt(path.join(".")));
  if (!(schema instanceof z.ZodObject)) return "not a known option";
  const prefix = path.length === 0 ? "" : `${path.join(".")}.`;
  return `accepted: ${Object.keys(schema.shape)
    .map((key) => prefix + key)
    .join(", ")}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}
