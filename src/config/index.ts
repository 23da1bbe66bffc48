/** @module config: the one validated settings schema and how settings are loaded and overridden. */

export {
  CONFIG_FILE_NAMES,
  ENVIRONMENT_SETTINGS,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  parseSetting,
} from "./load-config.ts";
export { type Config, type ConfigInput, configSchema } from "./schema.ts";
