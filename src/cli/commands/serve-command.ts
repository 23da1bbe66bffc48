import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { createSqliteQualityLog } from "../../observe/create-sqlite-quality-log.ts";
import { createGenerator } from "../../pipeline/create-generator.ts";
import { parseApiKeyHashes } from "../../server/api-keys.ts";
import { createServer } from "../../server/create-server.ts";
import { createProviderReadinessFromConfig } from "../../server/provider-readiness.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";

/** The built web UI (`npm run build:web` writes it). */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "web", "dist");

const DAY_MS = 24 * 60 * 60 * 1000;

interface ServeOptions extends CommonOptions {
  readonly port?: string;
  readonly host?: string;
  readonly requireKey?: boolean;
}

/** `docent serve`: the HTTP API and web UI in one process, until SIGINT/SIGTERM. */
export function serveCommand(environment: CommandEnvironment): Command {
  return new Command("serve")
    .description(
      "Serve the HTTP API (JSON and streamed answers), the web UI (chat and admin pages), health checks, " +
        "Prometheus metrics and the OpenAPI reference, from one process.",
    )
    .option("--port <port>", "port to listen on (default 8080, setting server.port)")
    .option("--host <host>", "interface to listen on (default 127.0.0.1, setting server.host)")
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option(
      "--require-key",
      "require an API key (DOCENT_API_KEYS or DOCENT_ADMIN_KEYS) on ask, search and feedback",
    )
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable (e.g. --set server.rateLimitMax=120)", collect)
    .addHelpText(
      "after",
      "\nEnvironment: DOCENT_ADMIN_KEYS (admin keys, comma-separated, plain or sha256:<hex>), DOCENT_API_KEYS,\n" +
        "DOCENT_LOG_SALT (salt for hashing user ids, 16+ characters).\n\n" +
        "Examples:\n  docent serve --port 8080 --index .docent/index.db\n" +
        "  DOCENT_ADMIN_KEYS=$(openssl rand -hex 16) docent serve --require-key\n",
    )
    .action(async (options: ServeOptions) => {
      const flags: Array<readonly [string, unknown]> = [];
      if (options.port !== undefined) flags.push(["server.port", options.port]);
      if (options.host !== undefined) flags.push(["server.host", options.host]);
      if (options.requireKey) flags.push(["server.requireKey", true]);
      const config = resolveConfig(options, environment, flags);
      const variables = environment.environment;
      const indexPath = resolve(environment.cwd, config.index.path);
      // The store migrates an older index; the quality log then creates or updates its own tables.
      const store = createSqliteStore({
        path: indexPath,
        mode: "read",
        vectorSearch: config.retrieval.vectorSearch,
      });
      const qualityLog = createSqliteQualityLog(indexPath);
      const salt = variables.DOCENT_LOG_SALT;
      const server = await createServer({
        store,
        generator: createGenerator(config, { environment: variables, cwd: environment.cwd }),
        config,
        qualityLog,
        providerReadiness: createProviderReadinessFromConfig(config, { environment: variables }),
        webRoot: WEB_ROOT,
        settings: {
          ...config.server,
          adminKeyHashes: parseApiKeyHashes(variables.DOCENT_ADMIN_KEYS),
          apiKeyHashes: parseApiKeyHashes(variables.DOCENT_API_KEYS),
          ...(salt !== undefined && salt.length >= 16 ? { userIdSalt: salt } : {}),
        },
      });
      const log = server.context.logger;
      if (salt === undefined)
        log.warn("DOCENT_LOG_SALT is not set: user-id hashes will change at every restart");
      if (server.context.settings.adminKeyHashes.length === 0)
        log.warn("DOCENT_ADMIN_KEYS is not set: the admin API is closed");
      const applyRetention = async () => {
        if (config.server.retentionDays === 0) return;
        const before = new Date(Date.now() - config.server.retentionDays * DAY_MS).toISOString();
        const deleted = await qualityLog.deleteOlderThan(before);
        log.info({ deleted, before }, "quality-log retention applied");
      };
      await applyRetention();
      const retention = setInterval(() => void applyRetention(), DAY_MS);
      retention.unref();

      const address = await server.app.listen({ port: config.server.port, host: config.server.host });
      environment.stderr.write(
        `docent: serving ${indexPath} at ${address} (API reference at ${address}/api/reference)\n`,
      );
      await new Promise<void>((resolveStopped) => {
        const stop = async (signal: string) => {
          log.info({ signal }, "shutting down: finishing in-flight answers");
          const finished = await server.shutdown();
          if (!finished) log.warn("shutdown timeout reached with answers still in flight");
          clearInterval(retention);
          await qualityLog.close();
          await store.close();
          resolveStopped();
        };
        process.once("SIGINT", () => void stop("SIGINT"));
        process.once("SIGTERM", () => void stop("SIGTERM"));
      });
    });
}
