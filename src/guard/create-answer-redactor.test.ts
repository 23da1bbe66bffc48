import { describe, expect, it } from "vitest";
import { createAnswerRedactor } from "./create-answer-redactor.ts";

const LEAK =
  "Customer Mara Lindqvist (mara.lindqvist@example.com) sent her API key sk-live-4f9a8c2e7b to support on 3 March [1].";

describe("createAnswerRedactor", () => {
  const redactor = createAnswerRedactor();

  it("masks a customer's email address and a key named in prose", () => {
    const { text, entities } = redactor.redact(LEAK);
    expect(text).toBe(
      "Customer Mara Lindqvist ([EMAIL]) sent her API key [SECRET] to support on 3 March [1].",
    );
    expect(entities.map((entity) => entity.type)).toEqual(["email", "secret"]);
  });

  it("keeps what documentation shows on purpose under the default types", () => {
    const text =
      "Write to support@acme.com or security@acme.com. The server listens on 127.0.0.1:8080; files over 5242880 bytes are skipped. Compare `extractive@retrieval.topK=1` with the API key setting and a token budget of 1024.";
    expect(redactor.redact(text).text).toBe(text);
  });

  it("masks an example-domain address too, and more types when asked", () => {
    expect(redactor.redact("Mail jane@example.org today.").text).toBe("Mail [EMAIL] today.");
    const wide = createAnswerRedactor({ types: ["ip-address", "email"] });
    expect(wide.redact("Call 127.0.0.1 or jane@example.org.").text).toBe("Call [IP] or [EMAIL].");
  });

  it("redacts a stream split at every position exactly like the whole text, and shows nothing raw", () => {
    const whole = redactor.redact(LEAK).text;
    for (let cut = 1; cut < LEAK.length; cut += 1) {
      const stream = redactor.createStream();
      const shown = [stream.push(LEAK.slice(0, cut)), stream.push(LEAK.slice(cut)), stream.flush()];
      expect(shown.join("")).toBe(whole);
      expect(shown.join("")).not.toContain("lindqvist@");
      expect(stream.masked).toBe(2);
    }
  });

  it("releases each finished sentence at once and holds back only the unfinished one", () => {
    const stream = redactor.createStream();
    expect(stream.push("First sentence [1]. Second ")).toBe("First sentence [1]. ");
    expect(stream.push("one mentions mara@")).toBe("");
    expect(stream.push("corp.example [1].\n")).toBe("Second one mentions [EMAIL] [1].\n");
    expect(stream.flush()).toBe("");
  });

  it("never holds more than a bounded run of text without a sentence end", () => {
    const stream = redactor.createStream();
    const released = stream.push(`${"word ".repeat(500)}tail`);
    expect(released.length).toBeGreaterThan(2000);
    expect(stream.flush()).toBe("tail");
  });
});
