import robotsParserModule from "robots-parser";
import { DocentError } from "../../core/errors.ts";
import type { UrlFetcher } from "./fetch-url.ts";

/** robots-parser is CommonJS with ESM-style typings: its default import is the function itself. */
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The rules of a site's robots.txt for Docent's user agent. */
export interface RobotsRules {
  readonly isAllowed: (url: string) => boolean;
  /** `Crawl-delay` in milliseconds, when the file sets one for this agent. */
  readonly crawlDelayMs: number | undefined;
  /** `Sitemap:` URLs listed in the file. */
  readonly sitemaps: readonly string[];
}

/**
 * Fetches and parses `<origin>/robots.txt` (RFC 9309 through robots-parser). A missing file
 * (4xx) allows everything. A server error (5xx) or an unreachable server stops the crawl with
 * `SOURCE_UNREACHABLE`, as the RFC asks ("assume complete disallow"): better no crawl than a
 * crawl that sees an empty site and deletes good content. Up to five redirects are followed.
 */
export async function loadRobots(
  origin: string,
  fetchUrl: UrlFetcher,
  userAgent: string,
  signal?: AbortSignal,
): Promise<RobotsRules> {
  let url = `${origin}/robots.txt`;
  for (let hop = 0; hop <= 5; hop += 1) {
    const response = await fetchUrl(url, { signal });
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location !== undefined) {
      url = new URL(location, url).href;
      continue;
    }
    if (response.status >= 500) {
      throw new DocentError(
        "SOURCE_UNREACHABLE",
        `${url} answered HTTP ${response.status}: robots.txt must be readable (or absent) before a crawl; try again later`,
        { details: { url, status: response.status } },
      );
    }
    if (response.status >= 400) return { isAllowed: () => true, crawlDelayMs: undefined, sitemaps: [] };
    const robots = robotsParser(url, new TextDecoder().decode(response.bytes));
    const agent = userAgent.split("/")[0] ?? userAgent;
    const delay = robots.getCrawlDelay(agent);
    return {
      isAllowed: (page) => robots.isAllowed(page, agent) !== false,
      crawlDelayMs: delay === undefined ? undefined : delay * 1000,
      sitemaps: robots.getSitemaps(),
    };
  }
  return { isAllowed: () => true, crawlDelayMs: undefined, sitemaps: [] };
}
