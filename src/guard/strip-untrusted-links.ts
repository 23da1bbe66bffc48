/** The answer text without untrusted links and images, and how many were removed. */
export interface StrippedLinks {
  readonly text: string;
  /** Links, images and bare URLs removed. */
  readonly stripped: number;
}

/** A bare URL; it never ends with sentence punctuation. */
const URL_IN_TEXT =
  /\b(?:https?|ftp):\/\/[^\s<>()"'`\]]*[^\s<>()"'`\].,;:!?]|\bwww\.[^\s<>()"'`\]]*[^\s<>()"'`\].,;:!?]/giu;

/** A URL without its fragment, trailing slash and trailing punctuation, lower-cased scheme/host. */
function normalizeUrl(url: string): string {
  const trimmed = url.trim().replace(/[.,;:!?]+$/u, "");
  const withoutFragment = trimmed.split("#")[0] ?? trimmed;
  return withoutFragment
    .replace(/\/+$/u, "")
    .replace(/^[a-z]+:\/\/[^/]+/iu, (origin) => origin.toLowerCase());
}

/**
 * The URLs an answer may link to: the URLs of the sources it was given, and every URL written
 * inside those sources' text (a source that says "open http://127.0.0.1:8000/docs" may be quoted).
 */
export function allowedUrlsOf(
  sources: ReadonlyArray<{ readonly url: string; readonly text: string }>,
): Set<string> {
  const allowed = new Set<string>();
  for (const source of sources) {
    allowed.add(normalizeUrl(source.url));
    for (const match of source.text.matchAll(URL_IN_TEXT)) allowed.add(normalizeUrl(match[0]));
  }
  return allowed;
}

/**
 * Removes from an answer every image (Markdown `![..](..)`, reference images, HTML `<img>`:
 * images are fetched by the client as soon as they render, which makes them an exfiltration
 * channel) and every link or bare URL that is not in `allowed` (see {@link allowedUrlsOf}).
 * A removed Markdown or HTML link keeps its text; a removed bare URL becomes `(link removed)`.
 */
export function stripUntrustedLinks(text: string, allowed: ReadonlySet<string>): StrippedLinks {
  let stripped = 0;
  const isAllowed = (url: string) => allowed.has(normalizeUrl(url.replace(/^<|>$/gu, "")));
  // Code spans and fenced code are left alone: a URL in code is shown, never fetched.
  const parts = text.split(/(```[\s\S]*?```|`[^`\n]*`)/u);
  const cleaned = parts.map((part, index) => {
    if (index % 2 === 1) return part;
    let result = part
      .replace(/!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]|<img\b[^>]*>/giu, () => {
        stripped += 1;
        return "";
      })
      .replace(/^\s*\[[^\]]+\]:\s*(\S+).*$/gmu, (line, url: string) => {
        if (isAllowed(url)) return line;
        stripped += 1;
        return "";
      })
      .replace(
        /\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/gu,
        (link, label: string, url: string) => {
          if (isAllowed(url)) return link;
          stripped += 1;
          return label;
        },
      )
      .replace(
        /<a\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)["']?[^>]*>([\s\S]*?)<\/a\s*>/giu,
        (link, url: string, label: string) => {
          if (isAllowed(url)) return link;
          stripped += 1;
          return label;
        },
      );
    // Bare URLs and autolinks, skipping those kept inside an allowed Markdown link above.
    result = result.replace(
      /(\]\(\s*<?)?(<)?((?:https?|ftp):\/\/[^\s<>()"'`\]]*[^\s<>()"'`\].,;:!?]|www\.[^\s<>()"'`\]]*[^\s<>()"'`\].,;:!?])(>)?/giu,
      (match, inLink: string | undefined, _open, url: string) => {
        if (inLink || isAllowed(url)) return match;
        stripped += 1;
        return "(link removed)";
      },
    );
    return result;
  });
  return { text: cleaned.join(""), stripped };
}
