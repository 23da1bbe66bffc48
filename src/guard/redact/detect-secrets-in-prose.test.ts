import { describe, expect, it } from "vitest";
import { detectEmails } from "./detect-emails.ts";
import { detectSecrets } from "./detect-secrets.ts";

const found = (text: string) => detectSecrets(text).map((entity) => text.slice(entity.start, entity.end));

describe("detectSecrets: a credential named in prose", () => {
  it.each([
    ["She sent her API key sk-live-4f9a8c2e7b to support.", "sk-live-4f9a8c2e7b"],
    ["The token is 9f8e7d6c5b4a3 and expires today.", "9f8e7d6c5b4a3"],
    ["Use password Winter2024pass to log in.", "Winter2024pass"],
  ])("finds the value in %j", (text, value) => {
    expect(found(text)).toContain(value);
  });

  it.each([
    "Set the API key setting with --api-key.",
    "The token budget is 1024 tokens.",
    "The token gpt-4.1-mini costs less.",
    "Pass the API key OPENAI_API_KEY through the environment.",
  ])("leaves %j alone", (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("detectEmails: code paths are not addresses", () => {
  it("skips a camelCase last label but finds real addresses", () => {
    const text = "Compare extractive@retrieval.topK with jane@example.org and Ops@Example.COM.";
    expect(detectEmails(text).map((entity) => text.slice(entity.start, entity.end))).toEqual([
      "jane@example.org",
      "Ops@Example.COM",
    ]);
  });
});
