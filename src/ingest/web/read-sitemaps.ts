import { gunzipSync } from "node:zlib";
import { describeError, isDocentError } from "../../core/errors.ts";
import type { FetchedResponse } from "./fetch-url.ts";
import { normalizePageUrl } from "./normalize-page-url.ts";
import { parseSitemap } from "./parse-sitemap.ts";

/** Most sitemap files read in one crawl (an index may list more; the rest are ignored with a warning). */
export const MAX_SITEMAPS = 50;

/**
 * Largest sitemap accepted after gunzip: 50 MiB, the limit of the sitemaps.org protocol. A gzipped
 * sitemap that inflates past it is abandoned while inflating (a decompression bomb costs at most this).
 */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

/** Options of {@link readSitemaps}. */
export interface ReadSitemapsOptions {
  /** Sitemap URLs to start from (robots.txt `Sitemap:` lines, `/sitemap.xml`). */
  readonly candidates: readonly string[];
  /** Fetches one URL (redirects are followed here, one hop per call). */
  readonly fetchPage: (url: string) => Promise<FetchedResponse>;
  /** Page URLs outside the crawl are dropped. */
  readonly inScope: (url: string) => boolean;
  /** Problems are appended here (broken XML, unreadable or oversized sitemaps). */
  readonly warnings: string[];
  /** Decompressed size cap; default {@link MAX_SITEMAP_BYTES}. */
  readonly maxBytes?: number;
}

/**
 * Collects page URLs from sitemaps and sitemap indexes (at most {@link MAX_SITEMAPS} files),
 * silently when there is none. Gzipped sitemaps (`sitemap.xml.gz`, recognised by the gzip magic
 * bytes whatever the URL or content type) are inflated with node:zlib under a size cap.
 */
export async function readSitemaps(options: ReadSitemapsOptions): Promise<string[]> {
  const { fetchPage, inScope, warnings } = options;
  const maxBytes = options.maxBytes ?? MAX_SITEMAP_BYTES;
  const pending = [...new Set(options.candidates)];
  const visited = new Set<string>();
  const urls: string[] = [];
  while (pending.length > 0) {
    const sitemapUrl = pending.shift() ?? "";
    if (visited.has(sitemapUrl)) continue;
    if (visited.size >= MAX_SITEMAPS) {
      warnings.push(`more than ${MAX_SITEMAPS} sitemaps: ${sitemapUrl} and later ones were not read`);
      break;
    }
    visited.add(sitemapUrl);
    let response: FetchedResponse;
    try {
      response = await fetchPage(sitemapUrl);
    } catch (error) {
      if (isDocentError(error, "ABORTED")) throw error;
      warnings.push(`sitemap ${sitemapUrl} could not be read: ${describeError(error)}`);
      continue;
    }
    if (response.status >= 300 && response.status < 400 && response.headers.location) {
      const next = normalizePageUrl(response.headers.location, sitemapUrl);
      if (next !== null) pending.push(next);
      continue;
    }
    if (response.status !== 200) continue; // no sitemap: the crawl follows links instead
    const xml = sitemapText(response.bytes, maxBytes);
    if (xml.kind === "invalid") {
      warnings.push(`sitemap ${sitemapUrl} was not read: ${xml.reason}`);
      continue;
    }
    const parsed = parseSitemap(xml.text);
    if (parsed.kind === "invalid") {
      warnings.push(`${sitemapUrl}: ${parsed.reason}`);
    } else if (parsed.kind === "index") {
      for (const child of parsed.sitemaps) {
        const next = normalizePageUrl(child, sitemapUrl);
        if (next !== null) pending.push(next);
      }
    } else {
      for (const loc of parsed.urls) {
        const url = normalizePageUrl(loc, sitemapUrl);
        if (url !== null && inScope(url)) urls.push(url);
      }
    }
  }
  return [...new Set(urls)];
}

type SitemapText = { kind: "text"; text: string } | { kind: "invalid"; reason: string };

function sitemapText(bytes: Uint8Array, maxBytes: number): SitemapText {
  let xml = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      xml = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        kind: "invalid",
        reason:
          code === "ERR_BUFFER_TOO_LARGE"
            ? `it inflates to more than ${maxBytes.toLocaleString("en-US")} bytes (the sitemap protocol's limit)`
            : `it is not a valid gzip file (${describeError(error)})`,
      };
    }
  } else if (bytes.length > maxBytes) {
    return {
      kind: "invalid",
      reason: `it is larger than ${maxBytes.toLocaleString("en-US")} bytes (the sitemap protocol's limit)`,
    };
  }
  return { kind: "text", text: new TextDecoder().decode(xml) };
}
