/** Characters XML 1.0 forbids even when escaped (C0 controls except tab, newline, return; lone surrogates; U+FFFE/F). */
const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: XML cannot hold them.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/**
 * Escapes text for HTML or XML element content and quoted attributes: `& < > " '` become
 * entities and characters XML cannot hold at all are replaced with U+FFFD. Use it on every
 * piece of text that came from a suite, a document or a model.
 */
export function escapeMarkup(text: string): string {
  return text
    .replace(INVALID_XML, "\uFFFD")
    .replace(/&/gu, "&amp;")
    .replace(/</gu, "&lt;")
    .replace(/>/gu, "&gt;")
    .replace(/"/gu, "&quot;")
    .replace(/'/gu, "&#39;");
}
