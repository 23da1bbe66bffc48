import type { Nodes } from "mdast";

/**
 * The readable text of inline Markdown: emphasis markers dropped, inline code kept with its
 * backticks, link text kept and URLs dropped, images and inline HTML tags dropped (the text
 * between tags stays), JSX elements reduced to their text, JSX expressions dropped.
 */
export function phrasingToText(nodes: readonly Nodes[]): string {
  return nodes.map(nodeToText).join("");
}

function nodeToText(node: Nodes): string {
  switch (node.type as string) {
    case "text":
      return (node as { value: string }).value;
    case "inlineCode":
      return wrapInlineCode((node as { value: string }).value);
    case "break":
      return "\n";
    case "image":
    case "imageReference":
    case "html":
    case "footnoteReference":
    case "mdxTextExpression":
    case "mdxFlowExpression":
    case "mdxjsEsm":
      return "";
    default:
      return "children" in node ? phrasingToText(node.children as Nodes[]) : "";
  }
}

/** Wraps code in enough backticks that a backtick inside it does not end the span. */
export function wrapInlineCode(value: string): string {
  const longestRun = Math.max(0, ...Array.from(value.matchAll(/`+/gu), (match) => match[0].length));
  const fence = "`".repeat(longestRun + 1);
  const padding = value.startsWith("`") || value.endsWith("`") ? " " : "";
  return `${fence}${padding}${value}${padding}${fence}`;
}
