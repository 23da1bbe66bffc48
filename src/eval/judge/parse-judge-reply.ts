/** The judge's verdict on one answer. */
export interface JudgeVerdict {
  readonly pass: boolean;
  /** 0.5 (a coin toss) to 1 (certain) that the verdict is right. */
  readonly confidence: number;
  readonly reason: string;
}

/**
 * Reads the judge's reply: one JSON object `{ verdict: "pass" | "fail", confidence, reason }`,
 * also when wrapped in a Markdown code fence or surrounded by text. A reply that cannot be read
 * is a verdict of confidence 0.5 (so it is queued for human review), never a crash. Confidence is
 * clamped to 0.5-1; a missing one counts as 0.5.
 */
export function parseJudgeReply(text: string): JudgeVerdict {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) {
    try {
      const parsed = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
      const verdict = typeof parsed.verdict === "string" ? parsed.verdict.trim().toLowerCase() : "";
      if (verdict === "pass" || verdict === "fail") {
        const raw = typeof parsed.confidence === "number" ? parsed.confidence : Number.NaN;
        const confidence = Number.isFinite(raw) ? Math.min(1, Math.max(0.5, raw)) : 0.5;
        const reason =
          typeof parsed.reason === "string" && parsed.reason.trim() !== ""
            ? parsed.reason.trim()
            : "(no reason given)";
        return { pass: verdict === "pass", confidence, reason };
      }
    } catch {
      // Fall through to the unreadable verdict.
    }
  }
  const shown = text.replace(/\s+/gu, " ").trim().slice(0, 120);
  return { pass: false, confidence: 0.5, reason: `unreadable judge reply: "${shown}"` };
}
