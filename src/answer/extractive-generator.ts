import type { GenerateEvent, Generator, GroundedPrompt } from "../core/answer.ts";
import { DocentError } from "../core/errors.ts";
import { REFUSAL_MESSAGE } from "./refusal-message.ts";
import { type EvidenceReport, type ScoredPassage, scoreEvidence } from "./score-evidence.ts";

/** Settings of the extractive answerer (the `answer` section of the configuration). */
export interface ExtractiveGeneratorOptions {
  /** Evidence (0..1, see `EvidenceReport.evidence`) below which it refuses. Calibrate it on labelled questions. */
  readonly refusalThreshold: number;
  /** Most passages quoted in one answer. Range 1-10. */
  readonly maxSentences: number;
}

/** Escapes `[n]` written in quoted text outside code spans, so only real citations look like citations. */
function escapeBracketNumbers(text: string): string {
  return text
    .split(/(`[^`]*`)/u)
    .map((part) => (part.startsWith("`") ? part : part.replace(/\[(\d+)\]/gu, "\\[$1\\]")))
    .join("");
}

/** Puts `[n]` at the end of a passage, before its closing punctuation: `FastAPI uses Pydantic [1].` */
function withCitation(text: string, n: number): string {
  const escaped = escapeBracketNumbers(text.trim());
  const match = /^(.*?)([.!:;]+["')\]]*)$/su.exec(escaped);
  if (match?.[1]) return `${match[1]} [${n}]${match[2]}`;
  return `${escaped} [${n}]`;
}

/** The answer as a list of pieces, one per passage, each with the separator that precedes it. */
function composePieces(passages: readonly ScoredPassage[]): Array<{ text: string; n: number }> {
  const pieces: Array<{ text: string; n: number }> = [];
  let previous: ScoredPassage | null = null;
  let previousHadCode = false;
  for (const passage of passages) {
    const isListItem = passage.unit.kind === "list-item";
    let separator = "";
    if (previous) {
      const sameSource = previous.n === passage.n;
      if (!sameSource || previousHadCode) separator = "\n\n";
      else if (isListItem || previous.unit.kind === "list-item") separator = "\n";
      else separator = " ";
    }
    const body = `${isListItem ? "- " : ""}${withCitation(passage.unit.text, passage.n)}`;
    const code = passage.attachedCode ? `\n\n${passage.attachedCode.trim()}` : "";
    pieces.push({ text: `${separator}${body}${code}`, n: passage.n });
    previous = passage;
    previousHadCode = code.length > 0;
  }
  return pieces;
}

/** The sentence that explains a refusal: what was searched, what was missing, the numbers. */
function refusalReason(prompt: GroundedPrompt, report: EvidenceReport, threshold: number): string {
  if (prompt.sources.length === 0) return "No documentation passages were found for this question.";
  if (report.terms.length === 0) return "The question has no content words to look for in the documentation.";
  const titles = [...new Set(prompt.sources.map((source) => source.chunk.title))];
  const shown = titles
    .slice(0, 3)
    .map((title) => `"${title}"`)
    .join(", ");
  const searched = `${prompt.sources.length} passage${prompt.sources.length === 1 ? "" : "s"} (${shown}${titles.length > 3 ? ", …" : ""})`;
  const missing = report.terms.filter((term) => term.coverage === 0).map((term) => `"${term.word}"`);
  const verb = prompt.sources.length === 1 ? "does" : "do";
  const gap =
    missing.length > 0
      ? `${verb} not mention ${missing.join(", ")}`
      : `${verb} not cover the question's terms together in one place`;
  const injected =
    report.excluded.length > 0
      ? ` ${report.excluded.length} passage${report.excluded.length === 1 ? " was" : "s were"} ignored as possible prompt injection.`
      : "";
  return `The ${searched} ${gap}: evidence ${report.evidence.toFixed(2)} is below the refusal threshold ${threshold.toFixed(2)}.${injected}`;
}

function abortError(signal: AbortSignal): DocentError {
  return new DocentError("ABORTED", "The answer was cancelled before it finished.", { cause: signal.reason });
}

/**
 * A generator that needs no model: it quotes the sentences of the numbered sources that best
 * answer the question, each ending with its `[n]` citation, or refuses with
 * {@link REFUSAL_MESSAGE} when {@link scoreEvidence} finds the evidence below
 * `refusalThreshold`. Deterministic: the same prompt always yields the same events.
 *
 * Events: one `text-delta` per quoted passage, a `citation` after the first passage of each cited source, `usage`
 * (zero tokens, not estimated), `finish`. A refusal is a `text-delta` with the refusal message,
 * a `refusal` with the reason, `usage`, `finish`. On abort it emits `error` (code `ABORTED`) and stops.
 */
export function createExtractiveGenerator(options: ExtractiveGeneratorOptions): Generator {
  const { refusalThreshold, maxSentences } = options;
  return {
    provider: "extractive",
    modelId: "extractive-v1",
    async *generate(prompt: GroundedPrompt, callOptions: { signal?: AbortSignal } = {}) {
      const signal = callOptions.signal;
      const usage: GenerateEvent = {
        type: "usage",
        usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, estimated: false },
      };
      if (signal?.aborted) {
        yield { type: "error", error: abortError(signal) } satisfies GenerateEvent;
        return;
      }
      const report = scoreEvidence(prompt.question, prompt.sources, { maxSentences });
      if (report.passages.length === 0 || report.evidence < refusalThreshold) {
        yield { type: "text-delta", text: REFUSAL_MESSAGE } satisfies GenerateEvent;
        yield {
          type: "refusal",
          reason: refusalReason(prompt, report, refusalThreshold),
        } satisfies GenerateEvent;
        yield usage;
        yield { type: "finish" } satisfies GenerateEvent;
        return;
      }
      const cited = new Set<number>();
      for (const piece of composePieces(report.passages)) {
        // Let the consumer (and an abort) act between sentences.
        await Promise.resolve();
        if (signal?.aborted) {
          yield { type: "error", error: abortError(signal) } satisfies GenerateEvent;
          return;
        }
        yield { type: "text-delta", text: piece.text } satisfies GenerateEvent;
        if (!cited.has(piece.n)) {
          cited.add(piece.n);
          yield { type: "citation", n: piece.n } satisfies GenerateEvent;
        }
      }
      yield usage;
      yield { type: "finish" } satisfies GenerateEvent;
    },
  };
}
