import type { Answer, NumberedSource, Usage } from "../../core/answer.ts";
import type { EvalCase } from "../suite/eval-case.ts";

/** What every scorer returns. */
export interface ScoreResult {
  /** The scorer's name, e.g. `mustContain`. */
  readonly name: string;
  readonly pass: boolean;
  /** 0..1, higher is better (latency and cost scorers report their raw value in `reason`). */
  readonly score: number;
  /** Why, in words a person can check: what matched, what was missing. */
  readonly reason: string;
}

/** What a scorer sees of one answered case. */
export interface ScorerInput {
  readonly evalCase: EvalCase;
  readonly answer: Answer;
  /** The numbered sources the generator was given (with their text), source n at index n-1. */
  readonly sources: readonly NumberedSource[];
  readonly usage: Usage | null;
  /** US dollars, or null when the price of the model is not known. */
  readonly costUsd: number | null;
}

/** A scorer: a pure function of one answered case; null when it does not apply to the case. */
export type Scorer = (input: ScorerInput) => ScoreResult | null;

/**
 * True when an actual URL satisfies a required one: a required page (`guides/x.md`) matches any
 * section of it (`guides/x.md#y`); a required section matches only itself. Absolute base URLs
 * and trailing slashes are ignored. `a.md | b.md` lists alternatives: either satisfies it (for a
 * fact the docs state on two pages).
 */
export function urlMatches(required: string, actual: string): boolean {
  if (required.includes("|"))
    return required.split("|").some((alternative) => urlMatches(alternative.trim(), actual));
  const normalize = (url: string) => url.replace(/^[a-z]+:\/\/[^/]+\//iu, "").replace(/\/(#|$)/u, "$1");
  const want = normalize(required);
  const have = normalize(actual);
  if (want.includes("#")) return want === have;
  return have === want || have.startsWith(`${want}#`);
}

/** The first occurrence of `needle` in `haystack`, case-insensitively, with a little context. */
export function findInsensitive(haystack: string, needle: string): { index: number; context: string } | null {
  const index = haystack.toLowerCase().indexOf(needle.toLowerCase());
  if (index < 0) return null;
  const from = Math.max(0, index - 30);
  const to = Math.min(haystack.length, index + needle.length + 30);
  const context = `${from > 0 ? "…" : ""}${haystack.slice(from, to).replace(/\s+/gu, " ")}${to < haystack.length ? "…" : ""}`;
  return { index, context };
}
