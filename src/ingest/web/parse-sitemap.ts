import { XMLParser, XMLValidator } from "fast-xml-parser";

/** What a sitemap file holds: page URLs (`<urlset>`) or further sitemaps (`<sitemapindex>`). */
export type ParsedSitemap =
  | { readonly kind: "urlset"; readonly urls: string[] }
  | { readonly kind: "index"; readonly sitemaps: string[] }
  | { readonly kind: "invalid"; readonly reason: string };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => name === "url" || name === "sitemap",
});

/**
 * Parses a sitemap (sitemaps.org protocol) with fast-xml-parser. Namespace prefixes are ignored;
 * `<loc>` values are trimmed; anything that is not well-formed XML with a `<urlset>` or
 * `<sitemapindex>` root is `invalid` with a reason. Never throws.
 */
export function parseSitemap(xml: string): ParsedSitemap {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { kind: "invalid", reason: `sitemap is not well-formed XML: ${valid.err.msg}` };
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    return { kind: "invalid", reason: `sitemap could not be parsed: ${(error as Error).message}` };
  }
  const locations = (entries: unknown): string[] =>
    (Array.isArray(entries) ? entries : [])
      .map((entry) => (entry as { loc?: unknown } | null)?.loc)
      .filter((loc): loc is string => typeof loc === "string" && loc.trim().length > 0)
      .map((loc) => loc.trim());
  const urlset = tree.urlset as { url?: unknown } | undefined;
  if (urlset !== undefined) return { kind: "urlset", urls: locations(urlset?.url) };
  const index = tree.sitemapindex as { sitemap?: unknown } | undefined;
  if (index !== undefined) return { kind: "index", sitemaps: locations(index?.sitemap) };
  return {
    kind: "invalid",
    reason: "not a sitemap: the root element is neither <urlset> nor <sitemapindex>",
  };
}
