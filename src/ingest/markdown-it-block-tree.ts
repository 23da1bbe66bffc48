import type { Token } from "markdown-it";

/** A markdown-it block token with the tokens nested inside it (an `inline` token for text blocks). */
export interface BlockNode {
  readonly token: Token;
  readonly children: BlockNode[];
}

/**
 * Nests markdown-it's flat token stream by `nesting`; inline tokens become leaves of their block.
 *
 * @param tokens - `markdownIt.parse(text, {})`.
 */
export function markdownItBlockTree(tokens: readonly Token[]): BlockNode[] {
  const root: BlockNode[] = [];
  const stack: BlockNode[][] = [root];
  for (const token of tokens) {
    const siblings = stack[stack.length - 1] ?? root;
    if (token.nesting === 1) {
      const node: BlockNode = { token, children: [] };
      siblings.push(node);
      stack.push(node.children);
    } else if (token.nesting === -1) {
      stack.pop();
    } else {
      siblings.push({ token, children: [] });
    }
  }
  return root;
}
