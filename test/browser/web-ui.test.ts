import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import { createGenerator } from "../../src/pipeline/create-generator.ts";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import {
  createProviderServer,
  type ProviderServer,
} from "../helpers/provider-server/create-provider-server.ts";
import { ADMIN_KEY, startTestServer, type TestServer } from "../server/start-test-server.ts";

const CHROMIUM = process.env.DOCENT_CHROMIUM ?? "/usr/bin/chromium";
const WEB_ROOT = resolve(REPOSITORY_ROOT, "web", "dist");

/** In CI a missing Chromium fails the test (`.ci/run` installs it); elsewhere it is skipped with a message. */
const chromiumAvailable = existsSync(CHROMIUM) || process.env.CI === "true";
if (!chromiumAvailable)
  process.stderr.write(`skipping browser tests: ${CHROMIUM} not found (apt-get install chromium)\n`);

describe.runIf(chromiumAvailable)("web UI in Chromium", () => {
  let server: TestServer;
  let provider: ProviderServer;
  let context: BrowserContext;
  let profile: string;
  const outsideRequests: string[] = [];

  beforeAll(async () => {
    // The UI is built here when missing, so `npm ci && npm test` works on a fresh clone (nothing built is committed).
    if (!existsSync(join(WEB_ROOT, "index.html"))) {
      const { build } = await import("vite");
      await build({ configFile: resolve(REPOSITORY_ROOT, "web", "vite.config.ts"), logLevel: "warn" });
    }
    // Answers come from an OpenAI-protocol server on loopback that reports usage, so the admin
    // page has a real cost to show.
    provider = await createProviderServer();
    const environment = { OPENAI_API_KEY: "sk-test" };
    const config = loadConfig({
      cwd: tmpdir(),
      environment,
      overrides: [
        ["answer.provider", "openai"],
        ["answer.model", "gpt-4o-mini"],
        ["answer.baseUrl", `${provider.url}/v1`],
      ],
    }).config;
    server = await startTestServer({
      webRoot: WEB_ROOT,
      generator: createGenerator(config, { environment, breakers: new Map() }),
    });
    profile = mkdtempSync(join(tmpdir(), "docent-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context.on("request", (request) => {
      if (!request.url().startsWith(server.url)) outsideRequests.push(request.url());
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await provider?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("streams a cited answer, previews and opens the citation, takes feedback, and shows it on the admin page", async () => {
    provider.script({
      kind: "answer",
      text: "The index is stored in .docent/index.db by default [1].",
      usage: { inputTokens: 1200, outputTokens: 80 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.fill("#question", "Where is the index stored by default?");
    await page.click("button[type=submit]");
    const citation = page.locator("#citations a.citation").first();
    await citation.waitFor();
    await expect.poll(() => page.locator("#answer-text").textContent()).toContain(".docent/index.db");
    expect(await page.locator("#answer-text a.citation").count()).toBeGreaterThan(0);

    await citation.hover();
    await page.locator("#preview").waitFor();
    expect(await page.locator("#preview").textContent()).toContain("index.db");

    await citation.click();
    const heading = page.locator("#source h2#index-location");
    await heading.waitFor();
    expect(await heading.textContent()).toContain("Index location");

    await page.fill("#feedback-comment", "Needed the Windows path too");
    await page.click("#thumbs-down");
    await expect.poll(() => page.locator("#feedback-status").textContent()).toContain("Thanks");

    const admin = await context.newPage();
    await admin.goto(`${server.url}/admin`);
    await admin.fill("#api-key", ADMIN_KEY);
    await admin.click("#key-form button");
    await admin.locator("#recent tr").first().waitFor();
    const recent = await admin.locator("#recent").textContent();
    expect(recent).toContain("Where is the index stored by default?");
    expect(recent).toContain("Needed the Windows path too");
    expect(await admin.locator("#gaps").textContent()).toContain("Configuration");
    expect(await admin.locator("#chart-latency canvas").count()).toBe(1);
    expect(await admin.locator("#chart-cost canvas").count()).toBe(1);
    // 1200 input × $0.15/M + 80 output × $0.60/M, as the provider reported it.
    expect(await admin.locator("#cost-total").textContent()).toBe(
      "$0.000228 over the last 30 days (1 answer)",
    );
    await admin.locator("#recent tr").first().click();
    await expect.poll(() => admin.locator("#trace").textContent()).toContain("retrievedIds");
  });

  it("renders a document with <script>, on* handlers and outside images inert", async () => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/#source=${encodeURIComponent("doc-unsafe-page#scripted-section")}`);
    await page.locator("#source .source-body").waitFor();
    expect(await page.locator("#source .source-body").textContent()).toContain("widget setup page");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("#source script").count()).toBe(0);
    expect(await page.locator("#source [onerror]").count()).toBe(0);
    expect(await page.locator('#source img[src^="https://"]').count()).toBe(0);
    expect(await page.locator("#source .source-body").textContent()).toContain("[image: tracker]");
    expect(dialogs).toEqual([]);
    expect(outsideRequests).toEqual([]);
  });
});
