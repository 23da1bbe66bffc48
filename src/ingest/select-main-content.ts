/**
 * Elements that never hold readable documentation text, removed wherever they are.
 * `template` and `noscript` hold alternative markup; `svg`/`canvas`/`math` hold drawings.
 */
const ALWAYS_DROPPED = [
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "embed",
  "form",
  "button",
  "select",
  "input",
  "textarea",
  "dialog",
  "nav",
  "aside",
  "[hidden]",
  '[aria-hidden="true"]',
  '[role="navigation"]',
  '[role="complementary"]',
  '[role="search"]',
  '[role="dialog"]',
  '[role="alertdialog"]',
  "a.headerlink",
  "a.anchor-link",
  "a.hash-link",
];

/** Page chrome that is dropped only outside the main content (an article may have its own header). */
const CHROME_OUTSIDE_MAIN = ["header", "footer", '[role="banner"]', '[role="contentinfo"]'];

/**
 * `id`/`class` words that mark boilerplate: cookie and consent banners, sidebars, tables of
 * contents, breadcrumbs, skip links, "edit this page" and pagination footers. Matched as whole
 * words of the attribute (split on spaces, `-` and `_`) so `table-of-contents` matches `toc`
 * but `protocol` does not.
 */
const BOILERPLATE_WORDS = new Set([
  "cookie",
  "cookies",
  "consent",
  "gdpr",
  "sidebar",
  "toc",
  "breadcrumb",
  "breadcrumbs",
  "skip",
  "navbar",
  "menu",
  "pagination",
  "footer",
  "banner",
  "announcement",
  "feedback",
  "share",
]);

/** Candidates for the main content, best first. */
const MAIN_SELECTORS = ["main", '[role="main"]', "article", "#content", ".content", ".md-content"];

/**
 * Finds the element holding a page's main content and strips boilerplate from it: navigation,
 * site header and footer, sidebars, cookie banners, scripts and forms. The DOM is changed in place.
 *
 * @param document - A parsed HTML document (linkedom or any DOM implementation).
 * @returns The main-content element, or the body when no better candidate exists.
 */
export function selectMainContent(document: Document): Element {
  for (const element of [...document.querySelectorAll(ALWAYS_DROPPED.join(","))]) element.remove();
  for (const element of [...document.querySelectorAll("[id],[class]")]) {
    if (isBoilerplate(element)) element.remove();
  }
  let main: Element | null = null;
  for (const selector of MAIN_SELECTORS) {
    const candidates = [...document.querySelectorAll(selector)];
    // The candidate with the most text wins, so a tiny `<article>` teaser does not hide the page.
    const best = candidates.sort((left, right) => textLength(right) - textLength(left))[0];
    if (best !== undefined && textLength(best) > 0) {
      main = best;
      break;
    }
  }
  const root = main ?? document.body ?? document.documentElement;
  for (const element of [...document.querySelectorAll(CHROME_OUTSIDE_MAIN.join(","))]) {
    if (!root.contains(element) || (main === null && !isInsideArticle(element))) element.remove();
  }
  return root;
}

function isBoilerplate(element: Element): boolean {
  const tag = element.tagName.toLowerCase();
  // Headings and code keep their text even when a theme names them oddly.
  if (/^(h[1-6]|pre|code|main|article|body|html)$/u.test(tag)) return false;
  const words = `${element.getAttribute("id") ?? ""} ${element.getAttribute("class") ?? ""}`
    .toLowerCase()
    .split(/[\s_-]+/u);
  return words.some((word) => BOILERPLATE_WORDS.has(word));
}

function isInsideArticle(element: Element): boolean {
  return (element.parentElement?.closest("article, main, [role=main]") ?? null) !== null;
}

function textLength(element: Element): number {
  return (element.textContent ?? "").trim().length;
}
