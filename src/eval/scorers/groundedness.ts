import { contentStems } from "../../retrieve/analyze-text.ts";
import type { ScoreResult, ScorerInput } from "./score-result.ts";

/** Settings of {@link createGroundednessScorer}. */
export interface GroundednessOptions {
  /**
   * Share of a claim's content words (stemmed, stop words removed) that must occur in the
   * source it cites for the claim to count as supported. Default 0.6; range 0-1. Quoting scores
   * 1; a faithful paraphrase usually scores 0.6-0.9; an invented claim rarely passes 0.4.
   */
  readonly minOverlap?: number;
  /** Share of claims that must be supported for the case to pass. Default 0.8; range 0-1. */
  readonly minSupportedShare?: number;
}

/** A claim of an answer: the text before a group of `[n]` markers, and the sources it cites. */
export interface Claim {
  readonly text: string;
  readonly cites: readonly number[];
}

const FENCED_CODE = /```[\s\S]*?```/gu;
/** A group of citation markers (`[1]`, `[1][2]`), not escaped as `\[1\]`. */
const MARKERS = /((?:(?<!\\)\[\d{1,3}\]\s*)+)/u;

/** Splits an answer into claims at its citation markers; trailing text with no marker is an uncited claim. */
export function splitClaims(answer: string): Claim[] {
  const prose = answer.replace(FENCED_CODE, " ");
  const parts = prose.split(MARKERS);
  const claims: Claim[] = [];
  for (let index = 0; index < parts.length; index += 2) {
    const text = (parts[index] ?? "").replace(/^[\s.!?:;,)\]]+/u, "").trim();
    const markers = parts[index + 1];
    const cites = markers ? [...markers.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1])) : [];
    if (contentStems(text).length === 0) continue;
    claims.push({ text, cites });
  }
  return claims;
}

/**
 * Groundedness, a deterministic proxy for entailment: each claim (the text before a citation
 * marker) is supported when at least `minOverlap` of its content words occur in one of the
 * sources it cites; code blocks must appear in a cited source verbatim (whitespace ignored). A
 * claim with no citation is unsupported. Score: the share of supported claims.
 *
 * Limits: word overlap is not entailment. A claim that copies a source's words but reverses its
 * meaning ("X is not Y" from "X is Y") passes; a correct paraphrase with other words can fail.
 * It judges whether an answer stays close to what it cites, not whether it is true; use the LLM
 * judge or human review for meaning. Not applicable to refusals.
 */
export function createGroundednessScorer(options: GroundednessOptions = {}) {
  const minOverlap = options.minOverlap ?? 0.6;
  const minSupportedShare = options.minSupportedShare ?? 0.8;
  return function groundednessScorer({ answer, sources }: ScorerInput): ScoreResult | null {
    if (answer.refused) return null;
    const stemsOf = new Map(sources.map((source) => [source.n, new Set(contentStems(source.chunk.text))]));
    const squash = (text: string) => text.replace(/\s+/gu, "");
    const unsupported: string[] = [];
    let total = 0;
    for (const claim of splitClaims(answer.answer)) {
      total += 1;
      const words = contentStems(claim.text);
      const best = Math.max(
        0,
        ...claim.cites.map((n) => {
          const stems = stemsOf.get(n);
          return stems ? words.filter((word) => stems.has(word)).length / words.length : 0;
        }),
      );
      if (best < minOverlap) {
        unsupported.push(
          `${claim.cites.length === 0 ? "uncited" : `overlap ${best.toFixed(2)} with [${claim.cites.join("][")}]`}: "${claim.text.slice(0, 100)}"`,
        );
      }
    }
    for (const block of answer.answer.match(FENCED_CODE) ?? []) {
      total += 1;
      const body = squash(block.replace(/^```[^\n]*\n?|```$/gu, ""));
      if (!sources.some((source) => squash(source.chunk.text).includes(body))) {
        unsupported.push(`code block found in no source: "${block.slice(0, 60)}"`);
      }
    }
    if (total === 0)
      return { name: "groundedness", pass: false, score: 0, reason: "the answer makes no claim" };
    const score = (total - unsupported.length) / total;
    return {
      name: "groundedness",
      pass: score >= minSupportedShare,
      score,
      reason:
        unsupported.length === 0
          ? `all ${total} claim(s) supported by the source they cite`
          : `${unsupported.length}/${total} claim(s) unsupported: ${unsupported.join("; ")}`,
    };
  };
}
