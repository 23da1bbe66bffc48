import type { PiiEntity } from "./pii-entity.ts";

/** Token shapes published by the services that issue them; each is specific enough to match alone. */
const TOKEN_PATTERNS: ReadonlyArray<readonly [rule: string, pattern: RegExp]> = [
  ["private-key", /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g],
  ["openai-anthropic-key", /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g],
  ["stripe-key", /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/g],
  ["github-token", /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/g],
  ["gitlab-token", /\bglpat-[A-Za-z0-9_-]{20,}/g],
  ["aws-access-key", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ["slack-token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/g],
  ["google-api-key", /\bAIza[0-9A-Za-z_-]{35}/g],
  ["jwt", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
];

// `Bearer <token>` and `api_key=<value>`-style assignments: only the value is a secret.
const BEARER = /\bBearer\s+([A-Za-z0-9._~+/=-]{16,})/g;
const ASSIGNMENT =
  /\b(?:api[_-]?key|access[_-]?key|secret(?:[_-]?key)?|client[_-]?secret|token|auth[_-]?token|password|passwd|pwd)\b["']?\s*[:=]\s*["']?([^\s"',;]{8,})/gi;

// A credential named in prose just before it: "sent her API key sk-live-4f9a8c2e7b", "the token is 9f8e7d6c5b".
// The value must mix letters and digits (two of each) and hold no dot, so "API key setting",
// "token budget 1024" and model ids such as "gpt-4.1-mini" are left alone.
const NAMED_CREDENTIAL =
  /\b(?:api[ _-]?key|access[ _-]?key|secret[ _-]?key|auth[ _-]?token|token|password|passphrase)\s+(?:(?:is|was|of)\s+)?["'`]?([A-Za-z0-9][A-Za-z0-9_~+/=-]{9,})/gi;

function mixesLettersAndDigits(value: string): boolean {
  return (value.match(/\d/g)?.length ?? 0) >= 2 && (value.match(/[A-Za-z]/g)?.length ?? 0) >= 2;
}

/** Finds API keys, tokens, private keys and secret values in `key=value` assignments or named in prose. */
export function detectSecrets(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const [rule, pattern] of TOKEN_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      found.push({ type: "secret", start: match.index, end: match.index + match[0].length, rule });
    }
  }
  for (const [rule, pattern] of [
    ["bearer-token", BEARER],
    ["secret-assignment", ASSIGNMENT],
  ] as const) {
    for (const match of text.matchAll(pattern)) {
      const value = match[1] ?? "";
      const start = match.index + match[0].length - value.length;
      found.push({ type: "secret", start, end: start + value.length, rule });
    }
  }
  for (const match of text.matchAll(NAMED_CREDENTIAL)) {
    const value = match[1] ?? "";
    if (!mixesLettersAndDigits(value)) continue;
    const start = match.index + match[0].length - value.length;
    found.push({ type: "secret", start, end: start + value.length, rule: "named-credential" });
  }
  return found;
}
