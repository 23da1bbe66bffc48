const ATTRIBUTE_NAME = "[a-zA-Z_:][a-zA-Z0-9:._-]*";
const ATTRIBUTE_VALUE = `(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*")`;
const ATTRIBUTE = `(?:\\s+${ATTRIBUTE_NAME}(?:\\s*=\\s*${ATTRIBUTE_VALUE})?)`;
const OPEN_TAG = `<[A-Za-z][A-Za-z0-9-]*${ATTRIBUTE}*\\s*/?>`;
const CLOSING_TAG = "</[A-Za-z][A-Za-z0-9-]*\\s*>";
const TYPE_7_LINE = new RegExp(`^ {0,3}(?:${OPEN_TAG}|${CLOSING_TAG})[ \\t]*$`, "u");

/**
 * Whether a line (container markers already removed) opens a CommonMark HTML block of type 7:
 * one complete open or closing tag and nothing else, e.g. `<img src="x.png">` or `</span>`.
 * Such a block cannot interrupt a paragraph, and micromark and markdown-it disagree on what it
 * does after a table row or on a lazy line of a list item or quote.
 *
 * @param line - The line, without its line ending.
 */
export function isHtmlType7Start(line: string): boolean {
  return line.includes("<") && TYPE_7_LINE.test(line);
}
