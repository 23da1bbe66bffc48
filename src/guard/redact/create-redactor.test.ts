import { describe, expect, it } from "vitest";
import { createRedactor, resolveOverlaps } from "./create-redactor.ts";
import { hashUserId } from "./hash-user-id.ts";
import { luhnValid } from "./luhn-valid.ts";

const redactor = createRedactor();
const typesIn = (text: string) => redactor.find(text).map((entity) => entity.type);

describe("createRedactor", () => {
  it("replaces structured identifiers with typed placeholders and reports offsets", () => {
    const text = "Mail jane.doe@example.org, card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32.";
    const result = redactor.redact(text);
    expect(result.text).toBe("Mail [EMAIL], card [CARD], IBAN [IBAN].");
    const card = result.entities.find((entity) => entity.type === "payment-card");
    expect(card && text.slice(card.start, card.end)).toBe("4111 1111 1111 1111");
  });

  it("keeps numbers that fail their checksum or validity rules", () => {
    expect(typesIn("order 4111 1111 1111 1112 shipped")).not.toContain("payment-card");
    expect(typesIn("ref GB82WEST12345698765433")).not.toContain("iban");
    expect(typesIn("id 666-12-3456 and 123-00-6789")).not.toContain("government-id");
    expect(typesIn("version 300.1.2.3")).not.toContain("ip-address");
  });

  it("finds government ids by their rules", () => {
    expect(redactor.redact("SSN 123-45-6789").text).toBe("SSN [GOV_ID]");
    expect(redactor.redact("NINO AB 12 34 56 C").text).toBe("NINO [GOV_ID]");
    expect(redactor.redact("DNI 12345678Z").text).toBe("DNI [GOV_ID]");
    expect(typesIn("DNI 12345678A")).not.toContain("government-id");
  });

  it("finds IPv4 and IPv6 addresses but not clock times", () => {
    expect(redactor.redact("from 192.168.10.4 and 2001:db8::8a2e:370:7334").text).toBe("from [IP] and [IP]");
    expect(typesIn("at 10:30:00")).not.toContain("ip-address");
  });

  it("finds phone numbers in national and international forms", () => {
    expect(redactor.redact("call 541-714-1388 or +44 20 7946 0958 ext 12").text).toBe(
      "call [PHONE] or [PHONE]",
    );
    expect(typesIn("port 8080 and year 2024")).toEqual([]);
  });

  it("finds API keys and tokens, and only the value of key=value assignments", () => {
    const key = `sk-${"a1B2".repeat(8)}`;
    expect(redactor.redact(`use ${key} please`).text).toBe("use [SECRET] please");
    expect(redactor.redact("Authorization: Bearer abcdefghijklmnop1234").text).toBe(
      "Authorization: Bearer [SECRET]",
    );
    expect(redactor.redact("api_key=s3cr3tvalue99 next").text).toBe("api_key=[SECRET] next");
    expect(redactor.redact(`token ghp_${"x".repeat(36)}`).text).toBe("token [SECRET]");
  });

  it("finds person names and street addresses with the NLP tagger", () => {
    const result = redactor.redact("Please ask Naomi Ryan, who lives at 1668 Glyn St, about the index.");
    expect(result.text).toBe("Please ask [PERSON], who lives at [ADDRESS], about the index.");
  });

  it("leaves ordinary documentation questions alone", () => {
    const question = "How do I configure the retrieval topK setting and rebuild the index?";
    expect(redactor.redact(question)).toEqual({ text: question, entities: [] });
  });

  it("can be limited to some types", () => {
    const only = createRedactor({ types: ["email"] });
    expect(only.redact("Naomi Ryan, naomi@example.org").text).toBe("Naomi Ryan, [EMAIL]");
  });
});

describe("resolveOverlaps", () => {
  it("prefers the earlier type and then the longer span", () => {
    const kept = resolveOverlaps([
      { type: "person", start: 0, end: 4, rule: "nlp" },
      { type: "email", start: 0, end: 16, rule: "email" },
      { type: "phone", start: 20, end: 25, rule: "x" },
      { type: "phone", start: 20, end: 30, rule: "x" },
    ]);
    expect(kept.map((entity) => [entity.type, entity.start, entity.end])).toEqual([
      ["email", 0, 16],
      ["phone", 20, 30],
    ]);
  });
});

describe("luhnValid", () => {
  it("accepts valid card numbers and rejects a changed digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("378282246310005")).toBe(true);
    expect(luhnValid("378282246310006")).toBe(false);
    expect(luhnValid("12a4")).toBe(false);
  });
});

describe("hashUserId", () => {
  it("is stable per salt, differs across salts, and never contains the id", () => {
    const salt = "a-salt-of-sixteen-chars";
    const hash = hashUserId("user-42@example.org", salt);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashUserId("user-42@example.org", salt)).toBe(hash);
    expect(hashUserId("user-42@example.org", `${salt}!`)).not.toBe(hash);
    expect(() => hashUserId("x", "short")).toThrow(/16 characters/);
  });
});
