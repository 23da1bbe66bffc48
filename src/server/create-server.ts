import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import type { Config } from "../config/schema.ts";
import type { Generator } from "../core/answer.ts";
import { createRedactor, type Redactor } from "../guard/redact/create-redactor.ts";
import { createMetrics, type DocentMetrics } from "../observe/create-metrics.ts";
import type { QualityLog } from "../observe/quality-log.ts";
import type { Store } from "../store/store.ts";
import { apiKeyOf, hashApiKey, matchesApiKey } from "./api-keys.ts";
import { handleError, sendError } from "./http-error.ts";
import type { ProviderReadiness } from "./provider-readiness.ts";
import {
  createMemoryRateLimitStore,
  type RateLimitStore,
  toFastifyRateLimitStore,
} from "./rate-limit-store.ts";
import { registerAdminRoutes } from "./routes/admin-routes.ts";
import { registerAskRoute } from "./routes/ask-route.ts";
import { registerHealthRoutes } from "./routes/health-routes.ts";
import { registerPublicRoutes } from "./routes/public-routes.ts";
import type { ServerContext, ServerSettings } from "./server-context.ts";

export interface CreateServerOptions {
  readonly store: Store;
  readonly generator: Generator;
  readonly config: Config;
  readonly qualityLog: QualityLog;
  readonly settings: Omit<ServerSettings, "userIdSalt"> & { readonly userIdSalt?: string };
  /** Folder of the built web UI (`web/dist`); the UI routes answer 503 with a hint when it is missing. */
  readonly webRoot?: string;
  /** Structured logger; pino to standard error at `info` by default. */
  readonly logger?: Logger;
  readonly redactor?: Redactor;
  readonly now?: () => Date;
  /** Probe of the LLM provider for `/readyz` (see `createProviderReadinessFromConfig`); none by default. */
  readonly providerReadiness?: ProviderReadiness | null;
  /** Rate-limit counters; in this process's memory by default. Share one store to share limits across instances. */
  readonly rateLimitStore?: RateLimitStore;
}

/** A built server and its graceful shutdown. */
export interface DocentServer {
  readonly app: FastifyInstance;
  readonly context: ServerContext;
  /**
   * Stops taking new answers (they get 503), waits for in-flight answers up to
   * `settings.shutdownTimeoutMs`, then closes the listener. Resolves to true when all finished.
   */
  shutdown(): Promise<boolean>;
}

const CLIENT_ROUTES = new Set(["/api/ask", "/api/search", "/api/feedback"]);

/** Logs the path without its query string: `/api/search?q=...` would otherwise log the question. */
export function requestSerializer(request: { method?: string; url?: string; id?: unknown }) {
  return { method: request.method, path: (request.url ?? "").split("?")[0], id: request.id };
}

/**
 * Builds the Docent HTTP server (Fastify): the JSON/SSE API, health and metrics, the OpenAPI
 * document and reference page, and the web UI. Call `app.listen` to serve it.
 */
export async function createServer(options: CreateServerOptions): Promise<DocentServer> {
  const logger =
    options.logger ??
    pino({
      level: "info",
      // Path only: no query string (`/api/search?q=` holds the question), no headers (keys).
      serializers: {
        req: requestSerializer,
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    });
  const settings: ServerSettings = {
    ...options.settings,
    userIdSalt: options.settings.userIdSalt ?? randomBytes(32).toString("hex"),
  };
  const metrics: DocentMetrics = createMetrics();
  const context: ServerContext = {
    store: options.store,
    generator: options.generator,
    config: options.config,
    settings,
    qualityLog: options.qualityLog,
    providerReadiness: options.providerReadiness ?? null,
    rateLimitStore: options.rateLimitStore ?? createMemoryRateLimitStore(),
    redactor: options.redactor ?? createRedactor(),
    metrics,
    logger,
    now: options.now ?? (() => new Date()),
    lifecycle: { inflight: 0, draining: false, idle: new Set() },
  };

  // Typed as the default instance: routes take `FastifyInstance`, whatever pino logger it holds.
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: settings.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  }) as unknown as FastifyInstance;
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      404,
      "NOT_FOUND",
      `No route ${request.method} ${request.url.split("?")[0]}: see /openapi.json`,
    ),
  );

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cors, {
    origin: settings.corsOrigins.includes("*")
      ? true
      : settings.corsOrigins.length > 0
        ? [...settings.corsOrigins]
        : false,
    methods: ["GET", "POST"],
    allowedHeaders: ["content-type", "authorization", "x-api-key", "x-docent-user", "accept"],
  });
  await app.register(rateLimit, {
    global: true,
    // Only the API is limited; health checks, metrics and static files are not.
    allowList: (request) => !request.url.startsWith("/api/"),
    max: settings.rateLimitMax,
    timeWindow: settings.rateLimitWindowMs,
    store: toFastifyRateLimitStore(context.rateLimitStore),
    keyGenerator: (request) => {
      const key = apiKeyOf(request.headers);
      return key === null ? `ip:${request.ip}` : `key:${hashApiKey(key)}`;
    },
    errorResponseBuilder: (_request, limit) => ({
      statusCode: 429,
      error: {
        code: "RATE_LIMITED",
        message: `Too many requests: at most ${limit.max} per ${limit.after}; retry after ${Math.ceil(limit.ttl / 1000)} s`,
      },
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: "Docent API", version: "0.1.0", description: "Cited answers from your documentation." },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/reference", staticCSP: true });

  // Metrics per route; draining and API keys.
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  const clientKeyHashes = [...settings.apiKeyHashes, ...settings.adminKeyHashes];
  app.addHook("onRequest", async (request, reply) => {
    const route = request.routeOptions.url ?? "";
    if (context.lifecycle.draining && route.startsWith("/api/")) {
      reply.header("retry-after", "5");
      return sendError(
        reply,
        503,
        "SHUTTING_DOWN",
        "The server is shutting down; retry on another instance or in a moment",
      );
    }
    const needsAdmin = route.startsWith("/api/admin/");
    const needsClient = settings.requireKey && CLIENT_ROUTES.has(route);
    if (!needsAdmin && !needsClient) return;
    const key = apiKeyOf(request.headers);
    if (key === null) {
      reply.header("www-authenticate", 'Bearer realm="docent"');
      return sendError(
        reply,
        401,
        "API_KEY_MISSING",
        "This route needs an API key: send `Authorization: Bearer <key>`",
      );
    }
    const allowed = needsAdmin ? settings.adminKeyHashes : clientKeyHashes;
    if (!matchesApiKey(key, allowed)) {
      return sendError(
        reply,
        403,
        "API_KEY_REJECTED",
        needsAdmin ? "This key is not an admin key (DOCENT_ADMIN_KEYS)" : "This API key is not accepted",
      );
    }
  });

  registerAskRoute(app, context);
  registerPublicRoutes(app, context);
  registerAdminRoutes(app, context);
  registerHealthRoutes(app, context);
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const webRoot = options.webRoot;
  if (webRoot && existsSync(join(webRoot, "index.html"))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: "/", index: ["index.html"], wildcard: false });
    app.get("/admin", async (_request, reply) => reply.sendFile("admin.html"));
  } else {
    app.get("/", async (_request, reply) =>
      sendError(
        reply,
        503,
        "WEB_UI_NOT_BUILT",
        "The web UI is not built: run `npm run build:web`, then restart",
      ),
    );
  }

  let shuttingDown: Promise<boolean> | null = null;
  return {
    app,
    context,
    shutdown() {
      shuttingDown ??= (async () => {
        context.lifecycle.draining = true;
        let finished = true;
        if (context.lifecycle.inflight > 0) {
          finished = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), settings.shutdownTimeoutMs);
            context.lifecycle.idle.add(() => {
              clearTimeout(timer);
              resolve(true);
            });
          });
        }
        await app.close();
        return finished;
      })();
      return shuttingDown;
    },
  };
}
