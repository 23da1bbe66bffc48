/**
 * A crawlable page URL in canonical form: resolved against `base`, fragment removed, only
 * `http:`/`https:`; null for anything else (`mailto:`, `javascript:`, malformed hrefs).
 * Host case and default ports are normalised by the URL parser.
 */
export function normalizePageUrl(href: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  return url.href;
}

/**
 * The URL prefix a crawl stays within: the start URL's origin and folder
 * (`https://x.dev/docs/intro` → `https://x.dev/docs/`).
 */
export function crawlScopeOf(startUrl: string): string {
  const url = new URL(startUrl);
  const folder = url.pathname.endsWith("/") ? url.pathname : url.pathname.replace(/[^/]*$/u, "");
  return `${url.origin}${folder}`;
}
