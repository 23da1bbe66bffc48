import type { Config } from "../config/schema.ts";
import { crawlWebsite } from "../ingest/web/crawl-website.ts";
import { createUrlFetcher } from "../ingest/web/fetch-url.ts";
import { createAddressGuard } from "../ingest/web/ssrf-guard.ts";
import type { StoredDocument } from "../store/store.ts";
import type { SourceCollection } from "./ingest-outcome.ts";

/** Options of {@link collectWebsite}. */
export interface CollectWebsiteOptions {
  readonly startUrl: string;
  readonly config: Config;
  readonly stored: readonly StoredDocument[];
  readonly onPage?: (done: number, total: number, url: string) => void;
  readonly signal?: AbortSignal;
}

/** Crawls one site for a sync (see `crawlWebsite`) with the settings of `config.ingest.web`. */
export async function collectWebsite(options: CollectWebsiteOptions): Promise<SourceCollection> {
  const web = options.config.ingest.web;
  let bytesRead = 0;
  const fetchPage = createUrlFetcher({
    guard: createAddressGuard(web.allowHosts),
    userAgent: web.userAgent,
    timeoutMs: web.timeoutMs,
    maxBytes: options.config.ingest.maxFileBytes,
  });
  const crawl = await crawlWebsite({
    startUrl: options.startUrl,
    stored: options.stored,
    fetchUrl: async (url, request) => {
      const response = await fetchPage(url, request);
      bytesRead += response.bytes.length;
      return response;
    },
    limits: web,
    onPage: ({ done, total, url }) => options.onPage?.(done, total, url),
    signal: options.signal,
  });
  return {
    root: options.startUrl,
    outcomes: crawl.outcomes.map((outcome) => ({ ...outcome, label: outcome.key })),
    covers: (key) => key.startsWith(crawl.scope),
    complete: crawl.complete,
    skipped: crawl.skipped,
    warnings: crawl.warnings,
    duplicates: crawl.duplicates,
    bytesRead,
    notCrawled: crawl.notCrawled,
  };
}
