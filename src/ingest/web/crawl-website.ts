import type { Document } from "../../core/document.ts";
import { DocentError, describeError, isDocentError } from "../../core/errors.ts";
import { sha256, stableId } from "../../core/hash.ts";
import type { FetchState, StoredDocument } from "../../store/store.ts";
import { type ParsableFormat, parseSourceFile } from "../parse-source-file.ts";
import type { FetchedResponse, UrlFetcher } from "./fetch-url.ts";
import { loadRobots, type RobotsRules } from "./load-robots.ts";
import { crawlScopeOf, normalizePageUrl } from "./normalize-page-url.ts";
import { readSitemaps } from "./read-sitemaps.ts";

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
  /**
   * The stored copy is current (a 304, or the same bytes). `fetchState` is set when the server's
   * validators (ETag, Last-Modified) changed anyway: storing them lets the next crawl get a 304.
   */
  | { readonly kind: "unchanged"; readonly key: string; readonly fetchState?: FetchState }
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
  /** Discovered URLs that were not fetched because robots.txt disallows them (each once). */
  readonly skipped: Array<{ readonly source: string; readonly reason: string }>;
  /** Discovered URLs not fetched because a limit was reached: `ingest.web.maxPages` or `maxDepth`. */
  readonly notCrawled: { readonly maxPages: number; readonly maxDepth: number };
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

  const sitemapUrls = await readSitemaps({
    candidates: [...robots.sitemaps, "/sitemap.xml"]
      .map((url) => normalizePageUrl(url, `${origin}/`))
      .filter((url): url is string => url !== null),
    fetchPage: politeFetch,
    inScope,
    warnings,
  });
  const discovery = sitemapUrls.length > 0 ? "sitemap" : "links";
  const queue: Array<{ url: string; depth: number }> = [];
  const queued = new Set<string>();
  const skipped: Array<{ source: string; reason: string }> = [];
  const disallowed = new Set<string>();
  const tooDeep = new Set<string>();
  const overMaxPages = new Set<string>();
  /** Records a URL robots.txt disallows (once); true when it is disallowed. */
  const isDisallowed = (url: string): boolean => {
    if (robots.isAllowed(url)) return false;
    if (!disallowed.has(url)) {
      disallowed.add(url);
      skipped.push({ source: url, reason: "disallowed by robots.txt" });
    }
    return true;
  };
  const enqueue = (url: string, depth: number): void => {
    if (queued.has(url) || !inScope(url)) return;
    if (depth > limits.maxDepth) {
      tooDeep.add(url);
      return;
    }
    if (isDisallowed(url)) return; // respected: a disallowed page is not part of the site
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

  /** A page whose stored copy is current (304, or the same bytes): one outcome per stored page, its stored links followed. */
  const keepUnchanged = (
    previous: StoredDocument,
    url: string,
    finalUrl: string,
    headers: Readonly<Record<string, string>>,
    depth: number,
  ): void => {
    if (producedKeys.has(previous.source)) {
      // Another URL (an alias of the same canonical page) already accounted for it.
      duplicates.push({ url: finalUrl, canonical: previous.source });
      return;
    }
    producedKeys.add(previous.source);
    outcomes.push(unchangedOutcome(previous, url, headers));
    followLinks(previous.fetchState?.links, depth);
  };

  const visit = async (url: string, depth: number): Promise<void> => {
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
        if (isDisallowed(finalUrl)) return;
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
      keepUnchanged(previous, url, finalUrl, response.headers, depth);
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
      keepUnchanged(previous, url, finalUrl, response.headers, depth);
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
          for (const dropped of queue) overMaxPages.add(dropped.url);
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
      `the crawl stopped at ingest.web.maxPages = ${limits.maxPages}: ${overMaxPages.size} discovered page(s) not fetched; pages not reached were left as they were (none deleted unless the server said 404/410)`,
    );
  }
  const overMaxDepth = [...tooDeep].filter((url) => !queued.has(url)).length;
  if (overMaxDepth > 0) {
    complete = false;
    warnings.push(
      `${overMaxDepth} discovered page(s) deeper than ingest.web.maxDepth = ${limits.maxDepth} were not fetched; stored copies of pages not reached were left as they were`,
    );
  }
  return {
    outcomes,
    scope,
    complete,
    discovery,
    duplicates,
    warnings,
    skipped,
    notCrawled: { maxPages: overMaxPages.size, maxDepth: overMaxDepth },
  };
}

/**
 * The outcome of a page whose stored copy is current. When the response carries validators that
 * differ from the stored ones (a 200 with the same bytes, or a 304 with a new ETag), the refreshed
 * fetch state is returned with it, so the next crawl can ask with the current ETag and get a 304.
 */
function unchangedOutcome(
  previous: StoredDocument,
  requestedUrl: string,
  headers: Readonly<Record<string, string>>,
): CrawlOutcome {
  const before = previous.fetchState;
  const etag = headers.etag ?? before?.etag;
  const lastModified = headers["last-modified"] ?? before?.lastModified;
  if (
    before !== null &&
    before.etag === etag &&
    before.lastModified === lastModified &&
    before.requestedUrl === requestedUrl
  )
    return { kind: "unchanged", key: previous.source };
  const fetchState: FetchState = {
    requestedUrl,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(before?.links ? { links: before.links } : {}),
  };
  return { kind: "unchanged", key: previous.source, fetchState };
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
