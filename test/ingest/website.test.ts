import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../helpers/make-pdf.ts";
import { ingestSite } from "./ingest-site.ts";
import { runCliInProcess } from "./run-cli-in-process.ts";
import { docPage, type SiteFixtureServer, startSiteFixtureServer } from "./site-fixture-server.ts";

interface Summary {
  documents: { added: number; updated: number; unchanged: number; deleted: number };
  changes: { added: string[]; updated: string[]; deleted: string[] };
  skipped: Array<{ source: string; reason: string }>;
  duplicates: Array<{ url: string; canonical: string }>;
  parsed: number;
}

const HOME_LINKS = [
  "/install",
  "/install?ref=nav",
  "/configure",
  "/old-path",
  "/missing",
  "/slow",
  "/broken",
  "/loop-a",
  "/private/secret",
  "/manual.pdf",
  "/changing",
  "/vanishing",
  "/offsite-redirect",
  "http://169.254.169.254/latest/meta-data",
  "mailto:team@example.com",
];

let site: SiteFixtureServer;
let workspace = "";
let index = "";
const crawl = (...extra: string[]) =>
  ingestSite<Summary>(site.origin, index, workspace, ["--set", "ingest.web.timeoutMs=2000", ...extra]);
const ask = async (question: string) =>
  JSON.parse((await runCliInProcess(["ask", "--json", "--index", index, question], workspace)).stdout) as {
    refused: boolean;
    citations: Array<{ url: string }>;
    retrieved: Array<{ url: string }>;
  };

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "docent-site-"));
  index = join(workspace, "site.db");
  site = await startSiteFixtureServer({
    "/robots.txt": { body: "User-agent: *\nDisallow: /private/\n", contentType: "text/plain" },
    "/": docPage("Fixture home", "home", "Welcome to the fixture documentation.", HOME_LINKS),
    "/install": docPage(
      "Installing",
      "installing",
      "Install the orbital daemon with the bundled installer.",
      ["/"],
      '<link rel="canonical" href="/install">',
    ),
    "/install?ref=nav": docPage(
      "Installing",
      "installing",
      "Install the orbital daemon with the bundled installer.",
      ["/"],
      '<link rel="canonical" href="/install">',
    ),
    "/configure": docPage(
      "Configuring",
      "configuring",
      "The orbital daemon reads its settings from orbital.toml.",
      ["/"],
    ),
    "/old-path": { body: "", status: 301, location: "/configure-v2" },
    "/configure-v2": docPage(
      "Configuring v2",
      "configuring-v2",
      "Version two moved the settings file to the etc folder.",
      ["/"],
    ),
    "/slow": { ...docPage("Slow page", "slow", "This page takes too long."), delayMs: 6000 },
    "/broken": { body: "<h1>Internal error</h1>", status: 500 },
    "/loop-a": { body: "", status: 302, location: "/loop-b" },
    "/loop-b": { body: "", status: 302, location: "/loop-a" },
    "/offsite-redirect": { body: "", status: 302, location: "http://169.254.169.254/latest/meta-data" },
    "/private/secret": docPage("Secret", "secret", "Robots must keep this out."),
    "/manual.pdf": {
      body: makePdf(
        [["Orbital manual"], ["Calibration", "Calibrate the orbital sensor with the zircon wrench."]],
        { title: "Orbital manual" },
      ),
      contentType: "application/pdf",
    },
    "/changing": docPage(
      "Release channel",
      "release-channel",
      "The current release channel is called bluebird.",
      ["/"],
    ),
    "/vanishing": docPage(
      "Legacy flux mode",
      "legacy-flux",
      "Legacy flux mode stores snapshots in the quartz vault.",
      ["/"],
    ),
  });
});

afterAll(async () => {
  await site?.close();
  rmSync(workspace, { recursive: true, force: true });
});

describe("crawling a website on loopback", () => {
  it("refuses a loopback address unless the host is allowed with --allow-host", async () => {
    const run = await runCliInProcess(["ingest", `${site.origin}/`, "--index", index, "--json"], workspace);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused to connect to 127\.0\.0\.1.*--allow-host 127\.0\.0\.1/u);
    expect(site.log).toEqual([]);
  });

  describe("the first crawl", () => {
    let first: Awaited<ReturnType<typeof crawl>>;
    beforeAll(async () => {
      first = await crawl();
    });

    it("ingests HTML and PDF pages found by following same-site links, after redirects and canonical de-duplication", () => {
      expect(first.code, first.stderr).toBe(3);
      const origin = site.origin;
      expect([...(first.summary?.changes.added ?? [])].sort()).toEqual(
        [
          `${origin}/`,
          `${origin}/install`,
          `${origin}/configure`,
          `${origin}/configure-v2`,
          `${origin}/manual.pdf`,
          `${origin}/changing`,
          `${origin}/vanishing`,
        ].sort(),
      );
      expect(first.summary?.duplicates).toEqual([
        { url: `${origin}/install?ref=nav`, canonical: `${origin}/install` },
      ]);
    });

    it("skips 404s, 5xx, timeouts, redirect loops and off-site redirects with a reason each", () => {
      const reasons = Object.fromEntries(
        (first.summary?.skipped ?? []).map((item) => [item.source.replace(site.origin, ""), item.reason]),
      );
      expect(reasons["/missing"]).toMatch(/HTTP 404/u);
      expect(reasons["/broken"]).toMatch(/HTTP 500/u);
      expect(reasons["/slow"]).toMatch(/timed out after 2000 ms/u);
      expect(reasons["/loop-a"]).toMatch(/redirect loop/u);
      expect(reasons["/offsite-redirect"]).toMatch(/redirects outside the crawled site/u);
    });

    it("obeys robots.txt and never requests another host", () => {
      const paths = site.log.map((entry) => entry.path);
      expect(paths[0]).toBe("/robots.txt");
      expect(paths).not.toContain("/private/secret");
      expect(paths.filter((path) => path === "/configure")).toHaveLength(1);
    });

    it("answers from crawled pages with the page's anchors and PDF page links", async () => {
      const pdf = await ask("How do I calibrate the orbital sensor?");
      expect(pdf.citations.map((citation) => citation.url)).toContain(`${site.origin}/manual.pdf#page=2`);
      const html = await ask("Where does the orbital daemon read its settings from?");
      expect(html.citations.map((citation) => citation.url)).toContain(
        `${site.origin}/configure#configuring`,
      );
    });
  });

  describe("the second crawl, after the site changed", () => {
    let second: Awaited<ReturnType<typeof crawl>>;
    beforeAll(async () => {
      site.pages.set(
        "/changing",
        docPage("Release channel", "release-channel", "The current release channel is called kestrel.", [
          "/",
        ]),
      );
      site.pages.delete("/vanishing");
      site.pages.set(
        "/",
        docPage(
          "Fixture home",
          "home",
          "Welcome to the fixture documentation.",
          HOME_LINKS.filter((link) => link !== "/vanishing"),
        ),
      );
      site.log.length = 0;
      second = await crawl();
    });

    it("re-fetches unchanged pages with one 304 each and parses only what changed", () => {
      expect(second.summary?.documents).toEqual({ added: 0, updated: 2, unchanged: 4, deleted: 1 });
      expect(second.summary?.changes.deleted).toEqual([`${site.origin}/vanishing`]);
      expect(second.summary?.parsed).toBe(2);
      const statusOf = (path: string) =>
        site.log.filter((entry) => entry.path === path).map((entry) => entry.status);
      for (const path of ["/install", "/configure", "/configure-v2", "/manual.pdf"])
        expect(statusOf(path)).toEqual([304]);
      expect(statusOf("/changing")).toEqual([200]);
    });

    it("answers from the new content and never cites the vanished page", async () => {
      const channel = await ask("What is the current release channel called?");
      expect(channel.citations.map((citation) => citation.url)).toContain(
        `${site.origin}/changing#release-channel`,
      );
      const vanished = await ask("Where does legacy flux mode store snapshots?");
      expect(vanished.retrieved.map((item) => item.url).filter((url) => url.includes("vanishing"))).toEqual(
        [],
      );
      expect(vanished.citations.map((item) => item.url).filter((url) => url.includes("vanishing"))).toEqual(
        [],
      );
    });
  });

  describe("a broken crawl does not wipe good content", () => {
    it("keeps every page when the whole site answers 503", async () => {
      const saved = new Map(site.pages);
      for (const path of site.pages.keys())
        if (path !== "/robots.txt") site.pages.set(path, { body: "down", status: 503 });
      const broken = await crawl();
      site.pages.clear();
      for (const [path, page] of saved) site.pages.set(path, page);
      expect(broken.code).toBe(3);
      expect(broken.summary?.documents.deleted).toBe(0);
      expect(
        broken.summary?.skipped.some((item) => /HTTP 503; the previous copy is kept/u.test(item.reason)),
      ).toBe(true);
      const sources = JSON.parse(
        (await runCliInProcess(["sources", "--json", "--index", index], workspace)).stdout,
      ) as { documents: unknown[] };
      expect(sources.documents).toHaveLength(6);
    });

    it("refuses a crawl that suddenly reaches almost nothing, unless --force", async () => {
      site.pages.set("/", docPage("Fixture home", "home", "Welcome to the fixture documentation.", []));
      const refused = await crawl();
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/5 of 6 documents \(83%: 5 deleted\)/u);
      const forced = await crawl("--force");
      expect(forced.summary?.documents.deleted).toBe(5);
    });
  });
});

describe("crawling a site with a sitemap index", () => {
  let mapped: SiteFixtureServer;
  afterAll(async () => {
    await mapped?.close();
  });

  it("takes the page list from the sitemap (index followed) instead of following links", async () => {
    mapped = await startSiteFixtureServer({
      "/robots.txt": {
        body: "User-agent: *\nAllow: /\nSitemap: /sitemap-index.xml\n",
        contentType: "text/plain",
      },
      "/": docPage("Mapped home", "mapped-home", "Home of the mapped site.", ["/unlisted"]),
      "/unlisted": docPage("Unlisted", "unlisted", "Only linked, not in the sitemap."),
      "/guide/a": docPage("Guide A", "guide-a", "Guide A explains the first thing."),
      "/guide/b": docPage("Guide B", "guide-b", "Guide B explains the second thing."),
    });
    const origin = mapped.origin;
    mapped.pages.set("/sitemap-index.xml", {
      contentType: "application/xml",
      body: `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${origin}/sitemap-guide.xml</loc></sitemap></sitemapindex>`,
    });
    mapped.pages.set("/sitemap-guide.xml", {
      contentType: "application/xml",
      body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${origin}/guide/a</loc></url><url><loc> ${origin}/guide/b </loc><lastmod>2025-01-01</lastmod></url></urlset>`,
    });
    const run = await ingestSite<Summary>(origin, join(workspace, "mapped.db"), workspace);
    expect(run.code, run.stderr).toBe(0);
    expect([...(run.summary?.changes.added ?? [])].sort()).toEqual([
      `${origin}/`,
      `${origin}/guide/a`,
      `${origin}/guide/b`,
    ]);
    expect(mapped.log.map((entry) => entry.path)).not.toContain("/unlisted");
  });
});
