import { describe, expect, it } from "vitest";
import { parseJudgeReply } from "./parse-judge-reply.ts";

describe("parseJudgeReply", () => {
  it("reads the JSON object, also inside a code fence or prose", () => {
    expect(parseJudgeReply('{"verdict":"pass","confidence":0.9,"reason":"cites [1]"}')).toEqual({
      pass: true,
      confidence: 0.9,
      reason: "cites [1]",
    });
    expect(
      parseJudgeReply(
        'Here you go:\n```json\n{"verdict": "FAIL", "confidence": 0.7, "reason": "unsupported"}\n```',
      ),
    ).toEqual({ pass: false, confidence: 0.7, reason: "unsupported" });
  });

  it("clamps confidence to 0.5-1 and treats a missing one as a coin toss", () => {
    expect(parseJudgeReply('{"verdict":"pass","confidence":3}').confidence).toBe(1);
    expect(parseJudgeReply('{"verdict":"pass","confidence":0.1}').confidence).toBe(0.5);
    expect(parseJudgeReply('{"verdict":"fail"}')).toEqual({
      pass: false,
      confidence: 0.5,
      reason: "(no reason given)",
    });
  });

  it("turns an unreadable reply into an uncertain fail that names it", () => {
    for (const text of ["I think it passes.", '{"verdict":"maybe"}', "{not json}"]) {
      const verdict = parseJudgeReply(text);
      expect(verdict.confidence).toBe(0.5);
      expect(verdict.pass).toBe(false);
      expect(verdict.reason).toMatch(/^unreadable judge reply/u);
    }
  });
});
