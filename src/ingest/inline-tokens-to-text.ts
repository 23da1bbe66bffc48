import type { Token } from "markdown-it";
import { wrapInlineCode } from "./phrasing-to-text.ts";

/**
 * The readable text of markdown-it inline tokens, the same text `phrasingToText` gives for the
 * mdast of the same Markdown: emphasis and strikethrough markers dropped, inline code kept with
 * its backticks, link text kept and URLs dropped, images and inline HTML dropped, line breaks as
 * `\n`. Spaces and tabs ending the text before a line break are dropped, as micromark drops them
 * (markdown-it leaves tabs there); those before a backslash break stay, as in micromark.
 *
 * @param tokens - The `children` of a markdown-it `inline` token.
 */
export function inlineTokensToText(tokens: readonly Token[]): string {
  let text = "";
  let previous: Token | undefined;
  /** Where the last text token's content starts in `text`: stripping never goes further back. */
  let lastTextStart = 0;
  for (const token of tokens) {
    switch (token.type) {
      case "text":
        if (token.content.length > 0) lastTextStart = text.length;
        text += token.content;
        break;
      case "code_inline":
        text += wrapInlineCode(token.content);
        break;
      case "softbreak":
      case "hardbreak":
        // Only data right before a line ending loses its trailing whitespace; a backslash break keeps it.
        text = `${previous?.type === "text" && token.markup !== "\\" ? trimEndSpacesAndTabs(text, lastTextStart) : text}\n`;
        break;
      default:
        // Opening and closing markup (em, strong, s, link) carries no text; images and html_inline are dropped.
        break;
    }
    // Emphasis and tilde delimiters leave empty text tokens behind; they are not data.
    if (token.type !== "text" || token.content.length > 0) previous = token;
  }
  return text;
}

function trimEndSpacesAndTabs(text: string, floor: number): string {
  let end = text.length;
  while (end > floor) {
    const code = text.charCodeAt(end - 1);
    if (code !== 0x20 && code !== 0x09) break;
    end -= 1;
  }
  return end === text.length ? text : text.slice(0, end);
}
