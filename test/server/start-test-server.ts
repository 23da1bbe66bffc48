import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Generator } from "../../src/core/answer.ts";
import type { Chunk } from "../../src/core/document.ts";
import { sha256 } from "../../src/core/hash.ts";
import { createSqliteQualityLog } from "../../src/observe/create-sqlite-quality-log.ts";
import { createGenerator } from "../../src/pipeline/create-generator.ts";
import { createServer, type DocentServer } from "../../src/server/create-server.ts";
import type { ProviderReadiness } from "../../src/server/provider-readiness.ts";
import type { RateLimitStore } from "../../src/server/rate-limit-store.ts";
import type { ServerSettings } from "../../src/server/server-context.ts";
import { createSqliteStore } from "../../src/store/sqlite/create-sqlite-store.ts";

/** Sections of a small documentation set: [document title, heading, text]. */
export const TEST_SECTIONS: ReadonlyArray<readonly [string, string, string]> = [
  [
    "Configuration",
    "Index location",
    "The index is stored in .docent/index.db by default. Set index.path to store the index elsewhere.",
  ],
  [
    "Configuration",
    "Retrieval settings",
    "The retrieval.topK setting controls how many chunks are given to the answerer as sources.",
  ],
  ["Ingesting", "Supported formats", "Docent ingests Markdown, MDX and plain text files from folders."],
  [
    "Unsafe page",
    "Scripted section",
    'The widget setup page <script>window.__xss = 1</script> has <img src="x" onerror="window.__xss = 2"> and ![tracker](https://tracker.example.com/pixel.png) inside it.',
  ],
];

/** Writes an index with `TEST_SECTIONS` (one document per title) and returns its path. */
export async function makeTestIndex(folder: string, sections = TEST_SECTIONS): Promise<string> {
  const path = join(folder, "index.db");
  const store = createSqliteStore({ path, mode: "write", now: () => new Date("2026-01-01T00:00:00Z") });
  const titles = [...new Set(sections.map(([title]) => title))];
  await store.applyChanges({
    deletions: [],
    upserts: titles.map((title) => {
      const slug = title.toLowerCase().replace(/\W+/g, "-");
      const documentId = `doc-${slug}`;
      const chunks: Chunk[] = sections
        .filter(([documentTitle]) => documentTitle === title)
        .map(([, heading, text], ordinal) => {
          const anchor = heading.toLowerCase().replace(/\W+/g, "-");
          return {
            id: `${documentId}#${anchor}`,
            documentId,
            ordinal,
            title,
            headingPath: [heading],
            anchor,
            url: `${slug}/#${anchor}`,
            text,
            contentHash: sha256(`${heading}\n${text}`),
            tokenCount: text.split(/\s+/).length,
          };
        });
      return {
        document: {
          id: documentId,
          source: `/docs/${slug}.md`,
          url: `${slug}/`,
          title,
          format: "markdown",
          contentHash: sha256(title),
        },
        chunks,
      };
    }),
  });
  await store.close();
  return path;
}

export const ADMIN_KEY = "admin-key-for-tests-0123456789";
export const CLIENT_KEY = "client-key-for-tests-0123456789";

export const DEFAULT_TEST_SETTINGS: ServerSettings = {
  bodyLimitBytes: 4096,
  rateLimitMax: 1000,
  rateLimitWindowMs: 60_000,
  corsOrigins: [],
  requireKey: false,
  shutdownTimeoutMs: 5000,
  logQuestions: false,
  retentionDays: 30,
  adminKeyHashes: [],
  apiKeyHashes: [],
  userIdSalt: "test-salt-0123456789abcdef",
};

export interface TestServer {
  readonly server: DocentServer;
  readonly url: string;
  readonly indexPath: string;
  /** Everything the server logged, one JSON object per line. */
  readonly logLines: () => string[];
  close(): Promise<void>;
}

/** Starts a real server on a loopback port over a fresh test index. */
export async function startTestServer(
  options: {
    settings?: Partial<ServerSettings>;
    generator?: Generator;
    webRoot?: string;
    providerReadiness?: ProviderReadiness | null;
    rateLimitStore?: RateLimitStore;
  } = {},
): Promise<TestServer> {
  const folder = mkdtempSync(join(tmpdir(), "docent-server-"));
  const indexPath = await makeTestIndex(folder);
  const store = createSqliteStore({ path: indexPath, mode: "read" });
  const qualityLog = createSqliteQualityLog(indexPath);
  const config = loadConfig({ cwd: folder, overrides: [["index.path", indexPath]] }).config;
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
  const { parseApiKeyHashes } = await import("../../src/server/api-keys.ts");
  const server = await createServer({
    store,
    qualityLog,
    config,
    generator: options.generator ?? createGenerator(config, { environment: {} }),
    logger,
    webRoot: options.webRoot,
    providerReadiness: options.providerReadiness,
    rateLimitStore: options.rateLimitStore,
    settings: {
      ...DEFAULT_TEST_SETTINGS,
      adminKeyHashes: parseApiKeyHashes(ADMIN_KEY),
      apiKeyHashes: parseApiKeyHashes(CLIENT_KEY),
      ...options.settings,
    },
  });
  const url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  return {
    server,
    url,
    indexPath,
    logLines: () => lines,
    async close() {
      await server.shutdown();
      await qualityLog.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Reads a server-sent event stream into `{ event, data }` pairs. */
export function parseServerSentEvents(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "null";
      return { event, data: JSON.parse(data) as unknown };
    });
}
