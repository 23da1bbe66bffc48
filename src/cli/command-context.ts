import { type Config, loadConfig, parseSetting } from "../config/index.ts";

/** Options every command accepts. */
export interface CommonOptions {
  readonly index?: string;
  readonly config?: string;
  readonly set?: readonly string[];
  readonly json?: boolean;
}

/** What a command needs from its surroundings; injectable so tests can run commands in-process. */
export interface CommandEnvironment {
  readonly cwd: string;
  readonly environment: Readonly<Record<string, string | undefined>>;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Lets a command that completed report a non-zero exit code (e.g. 3: inputs were skipped). */
  readonly setExitCode?: (code: number) => void;
}

/** Loads the configuration with flag > environment > file > default precedence. */
export function resolveConfig(
  options: CommonOptions,
  environment: CommandEnvironment,
  flagSettings: ReadonlyArray<readonly [string, unknown]> = [],
): Config {
  const overrides: Array<readonly [string, unknown]> = (options.set ?? []).map(parseSetting);
  overrides.push(...flagSettings);
  if (options.index !== undefined) overrides.push(["index.path", options.index]);
  return loadConfig({
    cwd: environment.cwd,
    configFile: options.config,
    environment: environment.environment,
    overrides,
  }).config;
}

/** The `[setting, value]` pairs of the flags that were given (value not `undefined`), for {@link resolveConfig}. */
export function givenSettings(
  pairs: ReadonlyArray<readonly [string, unknown]>,
): Array<readonly [string, unknown]> {
  return pairs.filter(([, value]) => value !== undefined);
}

/** Collects repeated `--set` values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
