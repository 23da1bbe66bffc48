import type { Document } from "../../core/document.ts";
import { DocentError, describeError, isDocentError } from "../../core/errors.ts";
import { sha256, stableId } from "../../core/hash.ts";
import type { FetchState, StoredDocument } from "../../store/store.ts";
import { type ParsableFormat, parseSourceFile } from "../parse-source-file.ts";
import type { FetchedResponse, UrlFetcher } from "./fetch-url.ts";
import { loadRobots, type RobotsRules } from "./load-robots.ts";
import { crawlScopeOf, normalizePageUrl } from "./normalize-page-url.ts";
import { parseSitemap } from "./parse-sitemap.ts";

/** Limits and politeness of a crawl (config `ingest.web`). */
export interface CrawlLimits {
  readonly maxPages: number;
  readonly maxDepth: number;
  readonly concurrency: number;
  readonly delayMs: number;
  readonly maxRedirects: number;
  readonly userAgent: string;
}

/** What became of one page of a crawl. */
export type CrawlOutcome =
  | {
      readonly kind: "parsed";
      readonly key: string;
      readonly document: Document;
      readonly fetchState: FetchState;
    }
  /** The stored copy is current (a 304, or the same bytes). */
  | { readonly kind: "unchanged"; readonly key: string }
  /** The page could not be read this time (5xx, timeout, parse failure): the stored copy is kept. */
  | { readonly kind: "kept"; readonly key: string; readonly reason: string }
  /** The server says the page is gone (404, 410): a stored copy is deleted. */
  | { readonly kind: "gone"; readonly key: string; readonly reason: string };

/** The result of {@link crawlWebsite}. */
export interface CrawlResult {
  readonly outcomes: CrawlOutcome[];
  /** Every stored document under this prefix belongs to this crawl (for deletions). */
  readonly scope: string;
  /** False when a limit stopped the crawl before every reachable page was seen: then only explicit 404/410 pages may be deleted. */
  readonly complete: boolean;
  /** How pages were found. */
  readonly discovery: "sitemap" | "links";
  /** Pages dropped because their canonical URL was already ingested, with that URL. */
  readonly duplicates: Array<{ readonly url: string; readonly canonical: string }>;
  /** Notes for the summary (limits hit, sitemap problems). */
  readonly warnings: string[];
}

/** Options of {@link crawlWebsite}. */
export interface CrawlWebsiteOptions {
  readonly startUrl: string;
  /** Documents already stored, to send `If-None-Match`/`If-Modified-Since` and skip unchanged bytes. */
  readonly stored: readonly StoredDocument[];
  readonly fetchUrl: UrlFetcher;
  readonly limits: CrawlLimits;
  readonly onPage?: (progress: { done: number; total: number; url: string }) => void;
  readonly signal?: AbortSignal;
  /** Waits `ms` milliseconds; injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const MAX_SITEMAPS = 50;

/**
 * Crawls one documentation site. Reads robots.txt first and obeys it (and its `Crawl-delay`);
 * takes the page list from the sitemap (`Sitemap:` lines, else `/sitemap.xml`; sitemap indexes
 * followed) when there is one, else follows same-site links breadth-first from the start URL.
 * Stays inside the start URL's origin and folder, follows redirects hop by hop (each hop checked;
 * loops and off-site redirects are skipped), de-duplicates by `<link rel="canonical">`, and asks
 * "changed since?" with the stored ETag / Last-Modified so an unchanged page costs one 304.
 *
 * @throws DocentError SOURCE_UNREACHABLE / SOURCE_BLOCKED when the site itself cannot be read
 *   (robots.txt unreachable or 5xx): nothing is returned, so nothing gets deleted.
 */
export async function crawlWebsite(options: CrawlWebsiteOptions): Promise<CrawlResult> {
  const { limits, fetchUrl, signal } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const start = normalizePageUrl(options.startUrl);
  if (start === null) throw new DocentError("INPUT_INVALID", `"${options.startUrl}" is not an http(s) URL`);
  const scope = crawlScopeOf(start);
  const origin = new URL(start).origin;
  const inScope = (url: string): boolean => url.startsWith(scope);
  const warnings: string[] = [];

  const robots: RobotsRules = await loadRobots(origin, fetchUrl, limits.userAgent, signal);
  const delayMs = Math.max(limits.delayMs, robots.crawlDelayMs ?? 0);

  const storedByKey = new Map(options.stored.map((document) => [document.source, document]));
  const storedByRequest = new Map<string, StoredDocument>();
  for (const document of options.stored) {
    if (document.fetchState !== null) storedByRequest.set(document.fetchState.requestedUrl, document);
  }

  // Politeness: request starts are spaced by `delayMs` across all workers.
  let nextStart = 0;
  const politeFetch = async (url: string, headers?: Record<string, string>): Promise<FetchedResponse> => {
    const now = Date.now();
    const wait = Math.max(0, nextStart - now);
    nextStart = Math.max(now, nextStart) + delayMs;
    if (wait > 0) await sleep(wait);
    signal?.throwIfAborted();
    return fetchUrl(url, { headers, signal });
  };

  const sitemapUrls = await readSitemaps(
    [...robots.sitemaps, "/sitemap.xml"]
      .map((url) => normalizePageUrl(url, `${origin}/`))
      .filter((url): url is string => url !== null),
    politeFetch,
    inScope,
    warnings,
  );
  const discovery = sitemapUrls.length > 0 ? "sitemap" : "links";
  const queue: Array<{ url: string; depth: number }> = [];
  const queued = new Set<string>();
  const enqueue = (url: string, depth: number): void => {
    if (queued.has(url) || !inScope(url) || depth > limits.maxDepth) return;
    queued.add(url);
    queue.push({ url, depth });
  };
  enqueue(start, 0);
  for (const url of sitemapUrls) enqueue(url, 0);

  const outcomes: CrawlOutcome[] = [];
  const duplicates: Array<{ url: string; canonical: string }> = [];
  const producedKeys = new Set<string>();
  const finalUrlsSeen = new Set<string>();
  let fetched = 0;
  let complete = true;

  const followLinks = (links: readonly string[] | undefined, depth: number): void => {
    if (discovery === "links") for (const link of links ?? []) enqueue(link, depth + 1);
  };

  const visit = async (url: string, depth: number): Promise<void> => {
    if (!robots.isAllowed(url)) return; // respected silently: a disallowed page is simply not part of the site
    const previous = storedByRequest.get(url) ?? storedByKey.get(url);
    const conditional: Record<string, string> = {};
    if (previous?.fetchState?.etag) conditional["if-none-match"] = previous.fetchState.etag;
    if (previous?.fetchState?.lastModified)
      conditional["if-modified-since"] = previous.fetchState.lastModified;
    const keyOf = (fallback: string): string => previous?.source ?? fallback;

    let response: FetchedResponse;
    let finalUrl = url;
    try {
      const chain = [url];
      for (;;) {
        response = await politeFetch(finalUrl, conditional);
        const location = response.headers.location;
        if (
          response.status < 300 ||
          response.status >= 400 ||
          response.status === 304 ||
          location === undefined
        )
          break;
        const next = normalizePageUrl(location, finalUrl);
        if (next === null || !inScope(next)) {
          outcomes.push({
            kind: "kept",
            key: keyOf(url),
            reason: `redirects outside the crawled site (to ${location})`,
          });
          return;
        }
        if (chain.includes(next)) {
          outcomes.push({
            kind: "kept",
            key: keyOf(url),
            reason: `redirect loop: ${[...chain, next].join(" → ")}`,
          });
          return;
        }
        if (chain.length > limits.maxRedirects) {
          outcomes.push({
            kind: "kept",
            key: keyOf(url),
            reason: `more than ${limits.maxRedirects} redirects (ingest.web.maxRedirects)`,
          });
          return;
        }
        chain.push(next);
        finalUrl = next;
        if (!robots.isAllowed(finalUrl)) return;
      }
    } catch (error) {
      if (isDocentError(error, "ABORTED") || signal?.aborted) throw error;
      outcomes.push({ kind: "kept", key: keyOf(url), reason: describeError(error) });
      followLinks(previous?.fetchState?.links, depth);
      return;
    }
    if (finalUrl !== url && finalUrlsSeen.has(finalUrl)) return; // another URL already led here
    finalUrlsSeen.add(finalUrl);

    if (response.status === 304 && previous !== undefined) {
      producedKeys.add(previous.source);
      outcomes.push({ kind: "unchanged", key: previous.source });
      followLinks(previous.fetchState?.links, depth);
      return;
    }
    if (response.status === 404 || response.status === 410) {
      outcomes.push({
        kind: "gone",
        key: keyOf(finalUrl),
        reason: `HTTP ${response.status}: the page is gone`,
      });
      return;
    }
    if (response.status < 200 || response.status >= 300) {
      outcomes.push({
        kind: "kept",
        key: keyOf(finalUrl),
        reason: `HTTP ${response.status}${previous === undefined ? "" : "; the previous copy is kept"}`,
      });
      followLinks(previous?.fetchState?.links, depth);
      return;
    }
    const contentType = response.headers["content-type"] ?? "";
    const format = formatOfContentType(contentType, finalUrl);
    if (format === null) {
      outcomes.push({
        kind: "kept",
        key: keyOf(finalUrl),
        reason: `content type "${contentType.split(";")[0] || "(none)"}" is not a document type Docent reads`,
      });
      return;
    }
    const contentHash = sha256(response.bytes);
    if (previous !== undefined && previous.contentHash === contentHash) {
      producedKeys.add(previous.source);
      outcomes.push({ kind: "unchanged", key: previous.source });
      followLinks(previous.fetchState?.links, depth);
      return;
    }
    const charset = /charset\s*=\s*"?([\w-]+)/iu.exec(contentType)?.[1];
    const parsed = await parseSourceFile({
      source: finalUrl,
      bytes: response.bytes,
      contentHash,
      format,
      url: finalUrl,
      charset,
    });
    const links = (parsed.html?.links ?? [])
      .map((link) => normalizePageUrl(link, finalUrl))
      .filter((link): link is string => link !== null && inScope(link));
    const uniqueLinks = [...new Set(links)];
    if (!parsed.html?.nofollow) followLinks(uniqueLinks, depth);
    if (parsed.kind === "skipped") {
      outcomes.push({ kind: "kept", key: keyOf(finalUrl), reason: parsed.reason });
      return;
    }
    const canonicalUrl = parsed.html?.canonical ? normalizePageUrl(parsed.html.canonical, finalUrl) : null;
    const key = canonicalUrl !== null && inScope(canonicalUrl) ? canonicalUrl : keyOf(finalUrl);
    if (producedKeys.has(key)) {
      duplicates.push({ url: finalUrl, canonical: key });
      return;
    }
    producedKeys.add(key);
    const fetchState: FetchState = {
      requestedUrl: url,
      ...(response.headers.etag ? { etag: response.headers.etag } : {}),
      ...(response.headers["last-modified"] ? { lastModified: response.headers["last-modified"] } : {}),
      ...(discovery === "links" ? { links: uniqueLinks } : {}),
    };
    outcomes.push({
      kind: "parsed",
      key,
      document: { ...parsed.document, id: stableId(key), source: key, url: key },
      fetchState,
    });
  };

  // Breadth-first: workers take URLs in queue order, so depth d is fetched before depth d + 1
  // (except for the pages already in flight).
  let inFlight = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = (): void => {
      if (failed) return;
      while (inFlight < limits.concurrency && queue.length > 0) {
        if (fetched >= limits.maxPages) {
          complete = false;
          queue.length = 0;
          break;
        }
        const next = queue.shift();
        if (next === undefined) break;
        fetched += 1;
        inFlight += 1;
        visit(next.url, next.depth)
          .then(() => {
            inFlight -= 1;
            options.onPage?.({ done: fetched - inFlight, total: fetched + queue.length, url: next.url });
            pump();
          })
          .catch((error: unknown) => {
            failed = true;
            reject(error);
          });
      }
      if (inFlight === 0 && queue.length === 0) resolve();
    };
    pump();
  });
  if (!complete) {
    warnings.push(
      `the crawl stopped at ingest.web.maxPages = ${limits.maxPages}: pages not reached were left as they were (none deleted unless the server said 404/410)`,
    );
  }
  return { outcomes, scope, complete, discovery, duplicates, warnings };
}

/** Collects page URLs from sitemaps and sitemap indexes (at most 50 files), silently when there is none. */
async function readSitemaps(
  candidates: readonly string[],
  fetchPage: (url: string) => Promise<FetchedResponse>,
  inScope: (url: string) => boolean,
  warnings: string[],
): Promise<string[]> {
  const pending = [...new Set(candidates)];
  const visited = new Set<string>();
  const urls: string[] = [];
  while (pending.length > 0 && visited.size < MAX_SITEMAPS) {
    const sitemapUrl = pending.shift() ?? "";
    if (visited.has(sitemapUrl)) continue;
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
    const parsed = parseSitemap(new TextDecoder().decode(response.bytes));
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

function formatOfContentType(contentType: string, url: string): ParsableFormat | null {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  if (type === "application/pdf") return "pdf";
  if (type === "text/markdown" || type === "text/x-markdown")
    return /\.mdx$/iu.test(url) ? "mdx" : "markdown";
  if (type === "text/plain") return /\.(md|markdown)$/iu.test(new URL(url).pathname) ? "markdown" : "text";
  if (type === "" && /\.pdf$/iu.test(new URL(url).pathname)) return "pdf";
  return null;
}
