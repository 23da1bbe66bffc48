import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { FetchedResponse } from "./fetch-url.ts";
import { readSitemaps } from "./read-sitemaps.ts";

const urlset = (...locs: string[]) =>
  `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((loc) => `<url><loc>${loc}</loc></url>`).join("")}</urlset>`;

/** Serves fixed bodies by URL, as the crawler's fetcher would return them (200, or 404 when unknown). */
const serve =
  (bodies: Record<string, Uint8Array | string>) =>
  async (url: string): Promise<FetchedResponse> => {
    const body = bodies[url];
    if (body === undefined) return { url, status: 404, headers: {}, bytes: new Uint8Array() };
    return {
      url,
      status: 200,
      headers: {},
      bytes: typeof body === "string" ? new TextEncoder().encode(body) : body,
    };
  };

describe("readSitemaps", () => {
  it("inflates gzipped sitemaps and sitemap indexes", async () => {
    const warnings: string[] = [];
    const urls = await readSitemaps({
      candidates: ["https://x.dev/sitemap_index.xml.gz"],
      fetchPage: serve({
        "https://x.dev/sitemap_index.xml.gz": gzipSync(
          '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.dev/docs.xml.gz</loc></sitemap></sitemapindex>',
        ),
        "https://x.dev/docs.xml.gz": gzipSync(urlset("https://x.dev/docs/a", "https://x.dev/blog/b")),
      }),
      inScope: (url) => url.startsWith("https://x.dev/docs/"),
      warnings,
    });
    expect(urls).toEqual(["https://x.dev/docs/a"]);
    expect(warnings).toEqual([]);
  });

  it("abandons a gzipped sitemap that inflates past the cap, and reports a corrupt one", async () => {
    const warnings: string[] = [];
    const padding = `<!--${" ".repeat(20_000)}-->`;
    const urls = await readSitemaps({
      candidates: ["https://x.dev/big.xml.gz", "https://x.dev/corrupt.xml.gz", "https://x.dev/ok.xml"],
      fetchPage: serve({
        "https://x.dev/big.xml.gz": gzipSync(`${padding}${urlset("https://x.dev/docs/big")}`),
        "https://x.dev/corrupt.xml.gz": Uint8Array.from([0x1f, 0x8b, 1, 2, 3]),
        "https://x.dev/ok.xml": urlset("https://x.dev/docs/ok"),
      }),
      inScope: () => true,
      warnings,
      maxBytes: 10_000,
    });
    expect(urls).toEqual(["https://x.dev/docs/ok"]);
    expect(warnings).toEqual([
      "sitemap https://x.dev/big.xml.gz was not read: it inflates to more than 10,000 bytes (the sitemap protocol's limit)",
      expect.stringMatching(
        /^sitemap https:\/\/x\.dev\/corrupt\.xml\.gz was not read: it is not a valid gzip file/u,
      ),
    ]);
  });
});
