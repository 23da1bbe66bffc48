import DOMPurify from "dompurify";
import { marked } from "marked";

/**
 * Renders untrusted document text (Markdown that may hold HTML) into `target` so that nothing in
 * it runs or loads: DOMPurify drops scripts, event-handler attributes and `javascript:` URLs;
 * images from other hosts are replaced by their alt text (no request leaves the page); links open
 * in a new tab without an opener. The page's CSP (script-src 'self', img-src 'self') is the second wall.
 */
export function renderSafeMarkdown(target: HTMLElement, markdown: string): void {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const purify = DOMPurify(window);
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "IMG") {
      const source = node.getAttribute("src") ?? "";
      const url = new URL(source, window.location.href);
      if (url.origin !== window.location.origin) {
        node.replaceWith(document.createTextNode(`[image: ${node.getAttribute("alt") ?? "external"}]`));
      }
    }
    if (node.tagName === "A") {
      node.setAttribute("rel", "noopener noreferrer");
      node.setAttribute("target", "_blank");
    }
  });
  const fragment = purify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ["style", "iframe", "form", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
  target.replaceChildren(fragment);
}
