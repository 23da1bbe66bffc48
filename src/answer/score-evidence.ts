import type { NumberedSource } from "../core/answer.ts";
import { detectInjection } from "../guard/detect-injection.ts";
import { contentStems, queryTerms, stem } from "../retrieve/analyze-text.ts";
import { splitIntoUnits, type TextUnit } from "./split-into-units.ts";

/** A content term of the question, with its weight and how well the best source covers it. */
export interface QuestionTerm {
  /** The word as asked (lower case). */
  readonly word: string;
  /** Its Porter stem, what is matched. */
  readonly stem: string;
  /** IDF-like weight over the sources' units plus the question (rare in the sources = heavy). */
  readonly weight: number;
  /** 1 = in a quoted passage of the best source, 0.5 = elsewhere in that source, 0 = not there. */
  readonly coverage: number;
}

/** A unit chosen for the answer. */
export interface ScoredPassage {
  /** The number of the source it came from (what the answer cites). */
  readonly n: number;
  readonly unit: TextUnit;
  /** Relevance to the question, 0..1 (see {@link scoreEvidence}). */
  readonly score: number;
  /** Question stems the unit contains. */
  readonly matchedStems: readonly string[];
  /** A short code block that follows the unit when the unit introduces it with `:`, else null. */
  readonly attachedCode: string | null;
}

/** A unit left out because it looks like a prompt injection. */
export interface ExcludedPassage {
  readonly n: number;
  readonly text: string;
  readonly reasons: readonly string[];
}

/** Everything the extractive answerer knows about how well the sources answer a question. */
export interface EvidenceReport {
  /**
   * 0..1. The IDF-weighted share of the question's content terms that the best source covers:
   * Σ weight·coverage / Σ weight over {@link QuestionTerm}s, where coverage is 1 for a term in
   * a passage quoted from that source, 0.5 for a term found only elsewhere in it (other text,
   * title, heading path) and 0 otherwise; the best source is the one with the highest share
   * among those a passage was quoted from. 0 when no passage matches or the question has no
   * content terms. This is what `answer.refusalThreshold` is compared to.
   */
  readonly evidence: number;
  readonly terms: readonly QuestionTerm[];
  /** The quoted passages, in answer order (best source first, source order within a source). */
  readonly passages: readonly ScoredPassage[];
  readonly excluded: readonly ExcludedPassage[];
}

/** Options of {@link scoreEvidence}. */
export interface ScoreEvidenceOptions {
  /** Most passages to quote. Default 4, sensible range 1-10. */
  readonly maxSentences?: number;
}

/** BM25 term-frequency saturation. Default 1.2, sensible range 0.5-2. */
const K1 = 1.2;
/** BM25 length normalisation. Default 0.75, range 0-1. */
const B = 0.75;
/** Weights of relevance (BM25, normalised), coverage and retrieval rank in a passage's score. */
const RELEVANCE_WEIGHT = 0.45;
const COVERAGE_WEIGHT = 0.4;
const RANK_WEIGHT = 0.15;
/** A passage of the best passage's source is quoted when its score is at least this share of the best score. */
const KEEP_SHARE = 0.6;
/** A passage of another source needs this share: mixing sources makes answers less coherent. */
const OTHER_SOURCE_KEEP_SHARE = 0.8;
/** ...or this share when it directly follows or precedes a quoted passage of the same source. */
const ADJACENT_KEEP_SHARE = 0.4;
/** Two passages whose stem sets overlap this much (Jaccard) are near-duplicates. */
const DUPLICATE_JACCARD = 0.7;
/** Code attached after an introducing sentence is at most this many lines and characters. */
const MAX_CODE_LINES = 12;
const MAX_CODE_CHARACTERS = 800;
/**
 * Words that say how a question is asked rather than what it is about ("how do I *use* X",
 * "is there a *way* to", "does it *support* X"). They keep a quarter of their weight so they cannot sink the evidence.
 */
const PHRASING_WORDS: ReadonlySet<string> = new Set(
  "use using used way ways make get work works need want possible example examples explain tell show mean means happen happens difference thing things like best good correct right proper properly support supports supported".split(
    " ",
  ),
);
const PHRASING_WEIGHT = 0.25;

/**
 * Negation in a question ("what can it *not* do", "why doesn't it") is part of what is asked, but
 * "not", "cannot" and "n't" are stop words or dropped by the tokenizer. When a question is negated,
 * this pseudo-stem stands for negation: it is a question term, and every unit (and heading) that
 * is negated holds it, so "X cannot Y" outranks "X does Y". It never matches a real word.
 */
const NEGATION_STEM = "\u00acnot";
const NEGATION = /\b(?:not|never|cannot|unable)\b|n['’]t\b/iu;

/** True when `text` holds a negation word (`not`, `cannot`, `never`, `doesn't`, ...). */
export function isNegated(text: string): boolean {
  return NEGATION.test(text);
}

/** Splits camelCase and PascalCase so `CORSMiddleware` also yields `cors` and `middleware`. */
function splitCamelCase(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/gu, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/gu, "$1 $2");
}

/** Stemmed content terms of `text`, camelCase parts included. */
function stemsOf(text: string): string[] {
  const split = contentStems(splitCamelCase(text));
  const seen = new Set(split);
  for (const term of contentStems(text)) if (!seen.has(term)) split.push(term);
  return split;
}

interface Candidate {
  readonly n: number;
  readonly unit: TextUnit;
  readonly stems: ReadonlySet<string>;
  readonly matched: readonly string[];
  readonly bm25: number;
  score: number;
}

interface SourceAnalysis {
  readonly n: number;
  readonly units: readonly TextUnit[];
  /** Stems of the whole source: units, title and heading path. */
  readonly allStems: ReadonlySet<string>;
}

function questionTermsOf(question: string): Array<{ word: string; stem: string; phrasing: boolean }> {
  const terms: Array<{ word: string; stem: string; phrasing: boolean }> = [];
  for (const word of queryTerms(question)) {
    const wordStem = stem(word);
    if (!terms.some((term) => term.stem === wordStem)) {
      terms.push({ word, stem: wordStem, phrasing: PHRASING_WORDS.has(word) });
    }
  }
  // Only a question with content terms gets the negation term: "not" alone is no topic.
  if (terms.length > 0 && isNegated(question))
    terms.push({ word: "not", stem: NEGATION_STEM, phrasing: false });
  return terms;
}

function isNearDuplicate(a: Candidate, b: Candidate): boolean {
  const normalize = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  const textA = normalize(a.unit.text);
  const textB = normalize(b.unit.text);
  if (textA.includes(textB) || textB.includes(textA)) return true;
  let shared = 0;
  for (const term of a.stems) if (b.stems.has(term)) shared += 1;
  const union = a.stems.size + b.stems.size - shared;
  return union > 0 && shared / union >= DUPLICATE_JACCARD;
}

function attachedCodeAfter(units: readonly TextUnit[], unit: TextUnit): string | null {
  if (!unit.text.trimEnd().endsWith(":")) return null;
  const next = units[unit.index + 1];
  if (next?.kind !== "code") return null;
  const lines = next.text.split("\n").length - 2;
  if (lines > MAX_CODE_LINES || next.text.length > MAX_CODE_CHARACTERS || lines < 1) return null;
  return detectInjection(next.text).flagged ? null : next.text;
}

/**
 * Scores how well numbered sources answer a question and picks the passages to quote. Pure and
 * deterministic.
 *
 * Each source is split into units (sentences, list items, table rows). Question terms are
 * weighted by an IDF over those units plus the question itself, so a term no source contains
 * weighs most and a term every unit contains weighs almost nothing. A unit's score (0..1) is
 * 0.45 × its BM25 relevance (normalised by the best unit) + 0.4 × the weighted share of question
 * terms it covers (half credit for terms only in its source's title or headings) + 0.15 × a
 * retrieval-rank bonus (1 for source 1, falling as 1 / (1 + (n−1)/4)). Units that look like
 * prompt injections or questions are never quoted. Passages are then picked greedily, favouring
 * new terms, the best passage's source and neighbours of picked passages, skipping
 * near-duplicates. See {@link EvidenceReport.evidence} for what the evidence number means.
 */
export function scoreEvidence(
  question: string,
  sources: readonly NumberedSource[],
  options: ScoreEvidenceOptions = {},
): EvidenceReport {
  const maxSentences = Math.max(1, options.maxSentences ?? 4);
  const questionTerms = questionTermsOf(question);
  const questionStems = new Set(questionTerms.map((term) => term.stem));
  // For a negated question, negated text also holds the negation pseudo-stem (nothing changes otherwise).
  const matchNegation = questionStems.has(NEGATION_STEM);
  const termsOf = (text: string) => {
    const stems = stemsOf(text);
    if (matchNegation && isNegated(text)) stems.push(NEGATION_STEM);
    return stems;
  };

  const analyses: SourceAnalysis[] = [];
  const excluded: ExcludedPassage[] = [];
  const candidates: Candidate[] = [];
  const unitStemLists: string[][] = [];
  const contextStems = new Map<number, Set<string>>();
  for (const { n, chunk } of sources) {
    const units = splitIntoUnits(chunk.text);
    const context = new Set(termsOf([chunk.title, ...chunk.headingPath].join(" ")));
    contextStems.set(n, context);
    const allStems = new Set(context);
    for (const unit of units) {
      if (unit.kind === "code") {
        for (const term of termsOf(unit.text)) allStems.add(term);
        continue;
      }
      const stems = termsOf(unit.text);
      unitStemLists.push(stems);
      for (const term of stems) allStems.add(term);
      const verdict = detectInjection(unit.text);
      if (verdict.flagged) {
        excluded.push({ n, text: unit.text, reasons: verdict.reasons });
        continue;
      }
      const matched = [...new Set(stems.filter((term) => questionStems.has(term)))];
      const isQuestion = /\?\s*$/u.test(unit.text);
      // A sentence that introduces something (`... like this:`) is only worth quoting with what it introduces.
      const dangling = /:\s*$/u.test(unit.text) && attachedCodeAfter(units, unit) === null;
      // Negation alone makes no passage relevant: it must share a real term with the question.
      const topical = matched.some((term) => term !== NEGATION_STEM);
      if (topical && !isQuestion && !dangling && stems.length >= 2) {
        candidates.push({ n, unit, stems: new Set(stems), matched, bm25: 0, score: 0 });
      }
    }
    analyses.push({ n, units, allStems });
  }

  // IDF over the units plus the question (so every question term has a document frequency of at least 1).
  const documentCount = unitStemLists.length + 1;
  const documentFrequency = new Map<string, number>();
  for (const stems of unitStemLists) {
    for (const term of new Set(stems)) {
      if (questionStems.has(term)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  const idf = new Map<string, number>();
  for (const term of questionTerms) {
    const frequency = (documentFrequency.get(term.stem) ?? 0) + 1;
    const inverse = Math.log(1 + (documentCount - frequency + 0.5) / (frequency + 0.5));
    idf.set(term.stem, inverse * (term.phrasing ? PHRASING_WEIGHT : 1));
  }
  const totalWeight = [...idf.values()].reduce((sum, weight) => sum + weight, 0);
  const weightOf = (term: string) => idf.get(term) ?? 0;

  // Score candidates.
  const averageLength =
    unitStemLists.reduce((sum, stems) => sum + stems.length, 0) / (unitStemLists.length || 1);
  for (const candidate of candidates) {
    const length = candidate.stems.size;
    let bm25 = 0;
    for (const term of candidate.matched) {
      bm25 += weightOf(term) * ((K1 + 1) / (1 + K1 * (1 - B + (B * length) / averageLength)));
    }
    (candidate as { bm25: number }).bm25 = bm25;
  }
  const bestBm25 = Math.max(0, ...candidates.map((candidate) => candidate.bm25));
  const coverageOf = (candidate: Candidate) => {
    const context = contextStems.get(candidate.n) ?? new Set<string>();
    let covered = 0;
    for (const term of questionTerms) {
      if (candidate.stems.has(term.stem)) covered += weightOf(term.stem);
      else if (context.has(term.stem)) covered += 0.5 * weightOf(term.stem);
    }
    return totalWeight > 0 ? covered / totalWeight : 0;
  };
  for (const candidate of candidates) {
    const relevance = bestBm25 > 0 ? candidate.bm25 / bestBm25 : 0;
    const rank = 1 / (1 + (candidate.n - 1) / 4);
    candidate.score =
      RELEVANCE_WEIGHT * relevance + COVERAGE_WEIGHT * coverageOf(candidate) + RANK_WEIGHT * rank;
  }

  // Greedy selection.
  const selected: Candidate[] = [];
  const covered = new Set<string>();
  const remaining = [...candidates];
  while (selected.length < maxSentences && remaining.length > 0) {
    const anchor = selected[0];
    let best: { candidate: Candidate; value: number } | null = null;
    for (const candidate of remaining) {
      if (selected.some((chosen) => isNearDuplicate(chosen, candidate))) continue;
      const adjacent = selected.some(
        (chosen) => chosen.n === candidate.n && Math.abs(chosen.unit.index - candidate.unit.index) === 1,
      );
      if (anchor) {
        const share = adjacent
          ? ADJACENT_KEEP_SHARE
          : anchor.n === candidate.n
            ? KEEP_SHARE
            : OTHER_SOURCE_KEEP_SHARE;
        if (candidate.score < share * anchor.score) continue;
      }
      let gain = 0;
      for (const term of candidate.matched) if (!covered.has(term)) gain += weightOf(term);
      gain = totalWeight > 0 ? gain / totalWeight : 0;
      const value =
        candidate.score +
        0.5 * gain +
        (anchor && anchor.n === candidate.n ? 0.08 : 0) +
        (adjacent ? 0.07 : 0);
      const better =
        best === null ||
        value > best.value + 1e-12 ||
        (Math.abs(value - best.value) <= 1e-12 &&
          (candidate.n < best.candidate.n ||
            (candidate.n === best.candidate.n && candidate.unit.index < best.candidate.unit.index)));
      if (better) best = { candidate, value };
    }
    if (!best) break;
    selected.push(best.candidate);
    for (const term of best.candidate.matched) covered.add(term);
    remaining.splice(remaining.indexOf(best.candidate), 1);
  }

  // Evidence: the best source's weighted coverage, full credit only inside quoted passages.
  let evidence = 0;
  let bestCoverage = new Map<string, number>();
  for (const analysis of analyses) {
    const quoted = selected.filter((candidate) => candidate.n === analysis.n);
    if (quoted.length === 0) continue;
    const coverage = new Map<string, number>();
    let share = 0;
    for (const term of questionTerms) {
      const value = quoted.some((candidate) => candidate.stems.has(term.stem))
        ? 1
        : analysis.allStems.has(term.stem)
          ? 0.5
          : 0;
      coverage.set(term.stem, value);
      share += value * weightOf(term.stem);
    }
    share = totalWeight > 0 ? share / totalWeight : 0;
    if (share > evidence) {
      evidence = share;
      bestCoverage = coverage;
    }
  }

  // Answer order: sources in order of their first pick, units in source order.
  const sourceOrder = [...new Set(selected.map((candidate) => candidate.n))];
  const ordered = [...selected].sort(
    (a, b) => sourceOrder.indexOf(a.n) - sourceOrder.indexOf(b.n) || a.unit.index - b.unit.index,
  );
  const passages: ScoredPassage[] = ordered.map((candidate) => {
    const analysis = analyses.find((item) => item.n === candidate.n);
    const nextSelected = ordered.some(
      (other) => other.n === candidate.n && other.unit.index === candidate.unit.index + 1,
    );
    return {
      n: candidate.n,
      unit: candidate.unit,
      score: candidate.score,
      matchedStems: candidate.matched,
      attachedCode: analysis && !nextSelected ? attachedCodeAfter(analysis.units, candidate.unit) : null,
    };
  });
  const terms: QuestionTerm[] = questionTerms.map((term) => ({
    word: term.word,
    stem: term.stem,
    weight: weightOf(term.stem),
    coverage: bestCoverage.get(term.stem) ?? 0,
  }));
  return { evidence: Math.min(1, Math.max(0, evidence)), terms, passages, excluded };
}
