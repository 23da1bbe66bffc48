import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isDocentError } from "../core/errors.ts";
import { loadConfig, parseSetting } from "./load-config.ts";

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), "docent-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

describe("loadConfig", () => {
  it("gives the documented defaults with no file, environment or flags", () => {
    const { config, configFile } = loadConfig({ cwd: folderWith({}) });
    expect(configFile).toBeNull();
    expect(config.index.path).toBe(".docent/index.db");
    expect(config.retrieval.topK).toBe(5);
    expect(config.answer.provider).toBe("extractive");
  });

  it("applies flag > environment > file > default", () => {
    const cwd = folderWith({
      "docent.config.json": JSON.stringify({
        retrieval: { topK: 7, candidates: 80 },
        index: { path: "file.db" },
      }),
    });
    const fileOnly = loadConfig({ cwd }).config;
    expect(fileOnly.retrieval.topK).toBe(7);
    expect(fileOnly.retrieval.candidates).toBe(80);

    const withEnvironment = loadConfig({
      cwd,
      environment: { DOCENT_TOP_K: "9", DOCENT_INDEX: "env.db" },
    }).config;
    expect(withEnvironment.retrieval.topK).toBe(9);
    expect(withEnvironment.index.path).toBe("env.db");

    const withFlags = loadConfig({
      cwd,
      environment: { DOCENT_TOP_K: "9" },
      overrides: [["retrieval.topK", "3"]],
    }).config;
    expect(withFlags.retrieval.topK).toBe(3);
    expect(withFlags.retrieval.candidates).toBe(80);
  });

  it("reads a YAML config file", () => {
    const cwd = folderWith({ "docent.config.yaml": "chunk:\n  targetTokens: 200\n" });
    expect(loadConfig({ cwd }).config.chunk.targetTokens).toBe(200);
  });

  it("names the option, the value and what is accepted for a bad value", () => {
    const cwd = folderWith({});
    const attempt = (key: string, value: string) => {
      try {
        loadConfig({ cwd, overrides: [[key, value]] });
      } catch (error) {
        expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
        return (error as Error).message;
      }
      throw new Error(`expected ${key}=${value} to be refused`);
    };
    expect(attempt("retrieval.topK", "many")).toMatch(/retrieval\.topK = "many".*expected number/);
    expect(attempt("retrieval.topK", "0")).toMatch(/retrieval\.topK = 0.*>=1/);
    expect(attempt("answer.provider", "gpt")).toMatch(/answer\.provider = "gpt".*"extractive"/);
    expect(attempt("retrieval.nonsense", "1")).toMatch(
      /unknown option retrieval\.nonsense: accepted: retrieval\.topK/,
    );
  });

  it("puts a provider's key and base URL variables between the flag and the file", () => {
    const cwd = folderWith({
      "docent.config.yaml":
        "answer:\n  provider: openai\n  apiKey: sk-from-file\n  baseUrl: https://file.example/v1\n",
    });
    expect(loadConfig({ cwd }).config.answer).toMatchObject({
      apiKey: "sk-from-file",
      baseUrl: "https://file.example/v1",
    });
    const environment = { OPENAI_API_KEY: "sk-from-env", OPENAI_BASE_URL: "https://env.example/v1" };
    expect(loadConfig({ cwd, environment }).config.answer).toMatchObject({
      apiKey: "sk-from-env",
      baseUrl: "https://env.example/v1",
    });
    const flagged = loadConfig({ cwd, environment, overrides: [["answer.apiKey", "sk-from-flag"]] });
    expect(flagged.config.answer.apiKey).toBe("sk-from-flag");
    expect(flagged.config.answer.baseUrl).toBe("https://env.example/v1");
    // Only the variables of the provider in effect apply: here the flag picks Anthropic.
    const anthropic = loadConfig({
      cwd,
      environment: { ...environment, ANTHROPIC_API_KEY: "sk-ant-env" },
      overrides: [["answer.provider", "anthropic"]],
    }).config.answer;
    expect(anthropic.apiKey).toBe("sk-ant-env");
    expect(anthropic.baseUrl).toBe("https://file.example/v1");
    const ollama = loadConfig({
      cwd: folderWith({}),
      environment: { DOCENT_PROVIDER: "openai-compatible", OLLAMA_HOST: "0.0.0.0:11434" },
    }).config.answer;
    expect(ollama.baseUrl).toBe("http://127.0.0.1:11434/v1");
  });

  it("names the variable a bad value came from and never echoes a key", () => {
    const cwd = folderWith({});
    expect(() =>
      loadConfig({ cwd, environment: { DOCENT_PROVIDER: "anthropic", ANTHROPIC_BASE_URL: "not a url" } }),
    ).toThrow(/answer\.baseUrl = "not a url" \(from ANTHROPIC_BASE_URL\)/);
    let message = "";
    try {
      loadConfig({ cwd, overrides: [["answer.apiKey", 12345]] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/answer\.apiKey = \(hidden\)/);
    expect(message).not.toContain("12345");
  });

  it("reports an unparsable config file with its path", () => {
    const cwd = folderWith({ "docent.config.json": "{ not json" });
    expect(() => loadConfig({ cwd })).toThrow(/docent\.config\.json could not be parsed/);
  });

  it("refuses an explicit config file that does not exist", () => {
    expect(() => loadConfig({ cwd: folderWith({}), configFile: "missing.yaml" })).toThrow(/does not exist/);
  });
});

describe("parseSetting", () => {
  it("splits key=value at the first equals sign", () => {
    expect(parseSetting("ingest.baseUrl=https://x.test/a=b")).toEqual([
      "ingest.baseUrl",
      "https://x.test/a=b",
    ]);
  });
  it("refuses a setting without a value", () => {
    expect(() => parseSetting("retrieval.topK")).toThrow(/--set expects key=value/);
  });
});
