import { seededRandom } from "../../src/eval/compare/seeded-random.ts";

/**
 * A seeded random Markdown document made of the constructs real documentation uses (and the
 * edge cases of each): front matter, ATX and setext headings with `{ #id }`, nested tight and
 * loose lists with task boxes, fenced and indented code, GFM tables with escaped pipes, block
 * quotes with lazy lines, HTML blocks and inline HTML, emphasis, strikethrough, links, images,
 * reference definitions, autolinks and bare URLs, entities, escapes, line breaks, footnotes,
 * MkDocs admonitions and tabs. For differential tests of the two Markdown parsers.
 *
 * @param seed - The same seed gives the same document.
 */
export function randomMarkdown(seed: number): string {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (probability: number): boolean => next() < probability;
  const count = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const withFootnotes = chance(0.05);

  const WORDS = [
    "install",
    "the",
    "server",
    "runs",
    "FastAPI",
    "path_param",
    "query",
    "É",
    "漢字",
    "x",
    "a_b_c",
    "snake_case",

    "v1.2",
    "don't",
    "(see",
    "below)",
    "e.g.",
    "50%",
    "|",
    "#",
    "foo:bar",
  ];
  // Intraword `*` and loose tildes send a document to remark when it also has `***` or emphasis
  // next to a tilde: only some documents get them, so most exercise the markdown-it path.
  const spiced = chance(0.25);
  const word = (): string => (spiced && chance(0.1) ? pick(["2*3", "~40", "a*b"]) : pick(WORDS));
  const words = (min: number, max: number): string => Array.from({ length: count(min, max) }, word).join(" ");

  const inline = (depth = 0): string => {
    const parts: string[] = [];
    for (let index = count(1, 6); index > 0; index -= 1) {
      const kind = depth > 1 ? 0 : count(0, 26);
      switch (kind) {
        case 1:
          parts.push(`*${words(1, 3)}*`);
          break;
        case 2:
          parts.push(`**${inline(depth + 1)}**`);
          break;
        case 3:
          parts.push(`_${words(1, 2)}_`);
          break;
        case 4:
          parts.push(
            `\`${pick(["code()", "a | b", "` x `", " padded ", "x\ny", "a  b", "  ", "tab\there"])}\``,
          );
          break;
        case 5:
          parts.push(
            `[${inline(depth + 1)}](${pick(["https://example.com/a_b", "/docs/#anchor", "<with space>", "javascript:alert(1)"])}${chance(0.2) ? ' "Title"' : ""})`,
          );
          break;
        case 6:
          parts.push(`![${words(1, 2)}](img.png)`);
          break;
        case 7:
          parts.push(
            pick(["<b>bold</b>", "<span class='x'>span</span>", "<br>", "<!-- note -->", "<kbd>Ctrl</kbd>"]),
          );
          break;
        case 8:
          parts.push(pick(["&amp;", "&lt;tag&gt;", "&copy;", "&#35;", "&#x1F600;", "&bogus;", "&nbsp;"]));
          break;
        case 9:
          parts.push(pick(["\\*not em\\*", "\\_", "\\|", "\\`", "\\\\", "\\[x\\]", spiced ? "\\~" : "\\#"]));
          break;
        case 10:
          parts.push(
            spiced ? pick(["~~gone~~", `~${words(1, 2)}~`, "~~~three~~~", "~one~~", "a~b~c"]) : words(1, 2),
          );
          break;
        case 11:
          parts.push(
            pick([
              "<https://example.com/x>",
              "<user@example.com>",
              "https://example.com/a_b?c=1&d=2",
              "www.example.com/path",
              "mail me@example.org.",
            ]),
          );
          break;
        case 12:
          parts.push(pick(["  \n", "\\\n", "\n", " \t\n", "\t\n", "   \n  "]));
          break;
        case 13:
          parts.push(pick(["[ref]", "[text][ref]", "[Ref][]", "[undefined]"]));
          break;
        case 14:
          parts.push(withFootnotes ? pick(["[^1]", "[^note]"]) : words(1, 2));
          break;
        case 15:
          parts.push(`***${words(1, 2)}***`);
          break;
        case 16:
          parts.push(pick(["*", "_", "**", "`", "[", "]", "<", ">", "!", "(", ")"]));
          break;
        default:
          parts.push(words(1, 5));
      }
    }
    return parts.join(pick([" ", " ", "", "\n"])).replace(/^\s+/u, "");
  };

  const heading = (): string => {
    const text = `${words(1, 4)}${chance(0.3) ? ` *${word()}*` : ""}${chance(0.3) ? pick([" { #custom-id }", " {#other}", " { .class #with-class }", " {not an id}"]) : ""}`;
    if (chance(0.15)) return `${text}\n${pick(["===", "---", "====="])}`;
    return `${"#".repeat(count(1, 6))} ${text}${chance(0.1) ? " ##" : ""}`;
  };

  const fence = (indent: string): string => {
    const marker = pick(["```", "````", "~~~"]);
    const info = pick(["", "python", 'js title="app.js"', 'bash hl_lines="2"', "  py  "]);
    const body = Array.from({ length: count(0, 4) }, () =>
      pick([
        "print(1)",
        "",
        "    indented()",
        "# not a heading",
        "| not | table |",
        "```",
        "\tx = 1",
        "- not a list",
      ]),
    );
    const closed = chance(0.9);
    return [`${marker}${info}`, ...body, ...(closed ? [marker] : [])]
      .map((line) => `${indent}${line}`)
      .join("\n");
  };

  const table = (): string => {
    const columns = count(1, 4);
    const cell = (): string =>
      pick(["a", "`a \\| b`", "**bold**", "x \\| y", "", "[link](u)", "1.5", spiced ? "~~s~~" : "b"]);
    const row = (cells: number): string => {
      const inner = Array.from({ length: cells }, cell).join(" | ");
      return chance(0.8) ? `| ${inner} |` : inner;
    };
    const delimiter = `|${Array.from({ length: columns }, () => pick(["---", ":---", "---:", ":-:"])).join("|")}|`;
    const rows = Array.from({ length: count(0, 4) }, () =>
      row(chance(0.85) ? columns : count(1, columns + 1)),
    );
    return [row(columns), delimiter, ...rows].join("\n");
  };

  const list = (depth: number): string => {
    const ordered = chance(0.4);
    const start = ordered ? pick([1, 1, 0, 3, 10]) : 0;
    const bullet = pick(["-", "*", "+"]);
    const loose = chance(0.3);
    const items: string[] = [];
    for (let index = 0; index < count(1, 4); index += 1) {
      const marker = ordered ? `${start + index}${pick([".", ")"])}` : bullet;
      const pad = " ".repeat(marker.length + 1);
      const box = chance(0.2) ? pick(["[ ] ", "[x] ", "[X] ", "[x]", "[ ]\t"]) : "";
      let item = `${marker} ${box}${inline(1).replace(/\n/gu, `\n${pad}`)}`;
      if (chance(0.35)) {
        const child = depth < 2 ? flowBlock(depth + 1) : inline(1);
        const separator = chance(0.5) ? "\n\n" : "\n";
        item += `${separator}${child.replace(/^(?=.)/gmu, pad)}`;
      }
      items.push(item);
    }
    return items.join(loose ? "\n\n" : "\n");
  };

  const quote = (depth: number): string => {
    const content = depth < 2 && chance(0.5) ? flowBlock(depth + 1) : inline(1);
    const quoted = content.replace(/^/gmu, () => pick(["> ", "> ", ">"]));
    return chance(0.2) ? `${quoted}\n${words(1, 3)}` : quoted;
  };

  const flowBlock = (depth: number): string => {
    switch (count(0, 12)) {
      case 0:
        return heading();
      case 1:
        return fence(chance(0.15) ? pick([" ", "  ", "   "]) : "");
      case 2:
        return table();
      case 3:
        return list(depth);
      case 4:
        return quote(depth);
      case 5:
        return pick([
          '<div class="note">\n<p>Read <b>this</b> &amp; that.</p>\n</div>',
          "<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>",
          "<!-- a comment -->",
          '<img src="x.png">',
          "<table><tr><td>cell</td></tr></table>",
          "<pre>\n  keep   spaces\n</pre>",
        ]);
      case 6:
        return `    ${words(1, 3)}\n    ${word()}\n\n     more code`;
      case 7:
        return pick(["---", "***", "- - -"]);
      case 8:
        return withFootnotes
          ? pick(["[^1]: A footnote *text*.", "[^note]:\n    Indented note."])
          : pick(["[ref]: https://example.com/ref", '[Ref]: /path "Title"']);
      case 9:
        return pick([
          '!!! note "Title"\n    Admonition body with `code`.',
          "/// tip | Tip title\n\nTip body.\n\n///",
          "{* ../../docs_src/app.py hl[3] *}",
        ]);
      default:
        return inline();
    }
  };

  const blocks: string[] = [];
  if (chance(0.25)) {
    blocks.push(
      pick([
        "---\ntitle: Front Title\ntags: [a, b]\n---",
        "---\ntitle: [unclosed\n---",
        "---\nhide:\n  - toc\n---",
        "+++\ntitle = 'Toml'\n+++",
        "---\ntitle: No closing fence",
        "---  \ntitle: Trailing spaces\n---\t",
      ]),
    );
  }
  for (let index = count(2, 12); index > 0; index -= 1) blocks.push(flowBlock(0));
  const separators = ["\n\n", "\n\n", "\n", "\n\n\n"];
  let markdown = blocks[0] ?? "";
  for (const block of blocks.slice(1)) markdown += pick(separators) + block;
  if (chance(0.1)) markdown = markdown.replace(/ {4}/gu, "\t");
  return chance(0.5) ? `${markdown}\n` : markdown;
}
