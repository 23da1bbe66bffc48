import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestSite } from "./ingest-site.ts";
import { runCliInProcess } from "./run-cli-in-process.ts";
import { docPage, type SiteFixtureServer, startSiteFixtureServer } from "./site-fixture-server.ts";

interface Summary {
  documents: { added: number; updated: number; unchanged: number; deleted: number };
  changes: { added: string[] };
  skipped: Array<{ source: string; reason: string }>;
  warnings: string[];
  notCrawled: { maxPages: number; maxDepth: number };
  fetchStatesRefreshed: number;
  corpusVersion: number;
}

const MAX_FILE_BYTES = 200_000;
const HOME_LINKS = ["/etag-page", "/dated-page", "/latin", "/bomb", "/internal/a", "/internal/b", "/deep/1"];

/** windows-1252 bytes of a string whose characters are all below U+0100. */
const latin1 = (text: string): Uint8Array =>
  Uint8Array.from([...text].map((character) => character.charCodeAt(0)));

let site: SiteFixtureServer;
let workspace = "";

const crawl = (index: string, ...extra: string[]) =>
  ingestSite<Summary>(site.origin, join(workspace, index), workspace, [
    "--max-depth",
    "2",
    "--set",
    `ingest.maxFileBytes=${MAX_FILE_BYTES}`,
    ...extra,
  ]);
const statusesOf = (path: string): number[] =>
  site.log.filter((entry) => entry.path === path).map((entry) => entry.status);

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "docent-fresh-"));
  site = await startSiteFixtureServer({
    "/robots.txt": { body: "User-agent: *\nDisallow: /internal/\n", contentType: "text/plain" },
    "/": docPage("Fresh home", "home", "Welcome to the freshness fixture.", HOME_LINKS),
    "/etag-page": {
      ...docPage("Tagged page", "tagged", "The tagged page explains the heliotrope setting."),
      etag: '"v1"',
    },
    "/dated-page": {
      ...docPage("Dated page", "dated", "The dated page explains the marigold setting."),
      etag: false,
      lastModified: "Mon, 01 Jan 2024 00:00:00 GMT",
    },
    // No charset in the header: only the page's own <meta charset> says it is windows-1252.
    "/latin": {
      contentType: "text/html",
      body: latin1(
        '<!doctype html><html><head><meta charset="windows-1252"><title>R\u00e9sum\u00e9</title></head><body><main><h1 id="resume">R\u00e9sum\u00e9 cr\u00e8me</h1><p>Cr\u00e8me br\u00fbl\u00e9e belongs to the dessert chapter.</p></main></body></html>',
      ),
    },
    // About 1 KB on the wire, 2 MB once inflated: over ingest.maxFileBytes only after decoding.
    "/bomb": {
      body: gzipSync(Buffer.alloc(2_000_000, 0x20), { level: 9 }),
      headers: { "content-encoding": "gzip" },
    },
    "/internal/a": docPage("Internal A", "internal-a", "Not for crawlers.", ["/internal/c"]),
    "/internal/b": docPage("Internal B", "internal-b", "Not for crawlers either."),
    "/internal/c": docPage("Internal C", "internal-c", "Only linked from a disallowed page."),
    "/deep/1": docPage("Deep one", "deep-1", "First level.", ["/deep/2"]),
    "/deep/2": docPage("Deep two", "deep-2", "Second level.", ["/deep/3"]),
    "/deep/3": docPage("Deep three", "deep-3", "Third level, past the depth limit.", ["/deep/4"]),
  });
});

afterAll(async () => {
  await site?.close();
  rmSync(workspace, { recursive: true, force: true });
});

describe("a crawl's summary explains what it left out", () => {
  let first: Awaited<ReturnType<typeof crawl>>;
  beforeAll(async () => {
    first = await crawl("fresh.db");
  });

  it("lists discovered pages robots.txt disallows, once each, and never requests them", () => {
    expect(first.code, first.stderr).toBe(3);
    const disallowed = (first.summary?.skipped ?? [])
      .filter((item) => item.reason === "disallowed by robots.txt")
      .map((item) => item.source.replace(site.origin, ""));
    expect(disallowed.sort()).toEqual(["/internal/a", "/internal/b"]);
    expect(site.log.filter((entry) => entry.path.startsWith("/internal/"))).toEqual([]);
  });

  it("skips a decompression bomb with a reason instead of inflating it", () => {
    const bomb = first.summary?.skipped.find((item) => item.source === `${site.origin}/bomb`);
    expect(bomb?.reason).toMatch(/decompressed response is larger than 200,000 bytes.*decompression bomb/u);
  });

  it("counts pages left out by the depth limit and says so", () => {
    expect(first.summary?.notCrawled).toEqual({ maxPages: 0, maxDepth: 1 });
    expect(first.summary?.warnings.join("\n")).toMatch(
      /1 discovered page\(s\) deeper than ingest\.web\.maxDepth = 2/u,
    );
    expect(statusesOf("/deep/2")).toEqual([200]);
    expect(statusesOf("/deep/3")).toEqual([]);
  });

  it("decodes a page by its <meta charset> when the HTTP header names none", async () => {
    const sources = JSON.parse(
      (await runCliInProcess(["sources", "--json", "--index", join(workspace, "fresh.db")], workspace))
        .stdout,
    ) as { documents: Array<{ url: string; title: string }> };
    expect(sources.documents.find((document) => document.url === `${site.origin}/latin`)?.title).toBe(
      "Résumé crème",
    );
    const answer = JSON.parse(
      (
        await runCliInProcess(
          ["ask", "--json", "--index", join(workspace, "fresh.db"), "Which chapter has the crème brûlée?"],
          workspace,
        )
      ).stdout,
    ) as { answer: string; citations: Array<{ url: string }> };
    expect(answer.citations.map((citation) => citation.url)).toContain(`${site.origin}/latin#resume`);
    expect(answer.answer).toContain("Crème brûlée");
  });

  it("counts pages left out by the page limit", async () => {
    const limited = await crawl("limited.db", "--max-pages", "3");
    // "/" then two of its five crawlable links; the other three were discovered but not fetched.
    expect(limited.summary?.notCrawled).toEqual({ maxPages: 3, maxDepth: 0 });
    expect(limited.summary?.warnings.join("\n")).toMatch(
      /stopped at ingest\.web\.maxPages = 3: 3 discovered/u,
    );
  });
});

describe("re-crawling pages whose validators changed but whose content did not", () => {
  it("stores the new ETag / Last-Modified from a 200 with the same bytes, so the next crawl gets 304s", async () => {
    const index = "validators.db";
    expect((await crawl(index)).summary?.documents.added).toBe(6);
    // A redeploy: same bytes, new ETag on one page and a new Last-Modified on the other.
    site.pages.set("/etag-page", { ...(site.pages.get("/etag-page") ?? { body: "" }), etag: '"v2"' });
    site.pages.set("/dated-page", {
      ...(site.pages.get("/dated-page") ?? { body: "" }),
      lastModified: "Tue, 02 Jan 2024 00:00:00 GMT",
    });
    site.log.length = 0;
    const second = await crawl(index);
    expect(statusesOf("/etag-page")).toEqual([200]);
    expect(statusesOf("/dated-page")).toEqual([200]);
    expect(second.summary?.documents).toEqual({ added: 0, updated: 0, unchanged: 6, deleted: 0 });
    expect(second.summary?.fetchStatesRefreshed).toBe(2);

    site.log.length = 0;
    const third = await crawl(index);
    expect(statusesOf("/etag-page")).toEqual([304]);
    expect(statusesOf("/dated-page")).toEqual([304]);
    expect(third.summary?.fetchStatesRefreshed).toBe(0);
    // Refreshed validators are not content: no new corpus version was made for them.
    expect(third.summary?.corpusVersion).toBe(1);

    const history = await runCliInProcess(
      ["sources", "--history", "--json", "--index", join(workspace, index)],
      workspace,
    );
    const { corpusVersion, history: records } = JSON.parse(history.stdout) as {
      corpusVersion: number;
      history: Array<{ version: number; sources: string[]; added: number; documents: number }>;
    };
    expect(corpusVersion).toBe(1);
    expect(records).toMatchObject([{ version: 1, sources: [`${site.origin}/`], added: 6, documents: 6 }]);
    const table = await runCliInProcess(
      ["sources", "--history", "--index", join(workspace, index)],
      workspace,
    );
    expect(table.stdout).toMatch(/VERSION\s+APPLIED\s+ADDED\s+UPDATED\s+DELETED\s+UNCHANGED/u);
    expect(table.stdout).toMatch(/\n1\s+\S+Z\s+6\s+0\s+0\s+0\s+6\s+http:\/\/127\.0\.0\.1/u);
  });
});

describe("gzipped sitemaps", () => {
  let mapped: SiteFixtureServer;
  afterAll(async () => {
    await mapped?.close();
  });

  it("reads a sitemap.xml.gz listed in robots.txt", async () => {
    mapped = await startSiteFixtureServer({
      "/robots.txt": { body: "User-agent: *\nSitemap: /sitemap.xml.gz\n", contentType: "text/plain" },
      "/": docPage("Zipped home", "zipped-home", "Home of the zipped site.", ["/unlisted"]),
      "/unlisted": docPage("Unlisted", "unlisted", "Linked, not in the sitemap."),
      "/guide/a": docPage("Guide A", "guide-a", "Guide A explains the first thing."),
    });
    mapped.pages.set("/sitemap.xml.gz", {
      contentType: "application/gzip",
      body: gzipSync(
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${mapped.origin}/guide/a</loc></url></urlset>`,
      ),
    });
    const run = await ingestSite<Summary>(mapped.origin, join(workspace, "zipped.db"), workspace);
    expect(run.code, run.stderr).toBe(0);
    expect([...(run.summary?.changes.added ?? [])].sort()).toEqual([
      `${mapped.origin}/`,
      `${mapped.origin}/guide/a`,
    ]);
    expect(mapped.log.map((entry) => entry.path)).not.toContain("/unlisted");
  });
});
