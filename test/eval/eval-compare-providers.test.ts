import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunFile } from "../../src/eval/runner/run-file.ts";
import {
  createProviderServer,
  type ProviderServer,
} from "../helpers/provider-server/create-provider-server.ts";
import { runDocentInProcess } from "../helpers/run-docent-in-process.ts";

/**
 * `docent eval compare --providers extractive,openai:<model>`: the same suite on the extractive
 * answerer and on a real OpenAI provider kind pointed at the local wire-protocol server (as a
 * user points it at a gateway), side by side, with cost per 100 answers from the price table.
 */

let workspace: string;
let server: ProviderServer;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "docent-compare-providers-"));
  mkdirSync(join(workspace, "docs"));
  writeFileSync(
    join(workspace, "docs", "server.md"),
    "# Server\n\nThe server listens on port 8080 by default.\nChange the port with the `--port` flag.\n",
  );
  writeFileSync(
    join(workspace, "docs", "index-file.md"),
    "# Index\n\nDocent stores the index in `.docent/index.db` by default.\n",
  );
  writeFileSync(
    join(workspace, "suite.yaml"),
    [
      "name: tiny",
      "cases:",
      "  - id: port",
      "    question: Which port does the server listen on by default?",
      "    mustContain: ['8080']",
      "    requiredSourceUrls: [server.md]",
      "  - id: index",
      "    question: Where does Docent store the index by default?",
      "    mustContain: ['.docent/index.db']",
      "    requiredSourceUrls: [index-file.md]",
      "  - id: database-port",
      "    kind: refusal",
      "    question: Which port does the Postgres database listen on?",
      "",
    ].join("\n"),
  );
  server = await createProviderServer();
});

afterAll(async () => {
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
});

describe("docent eval compare --providers with an OpenAI provider", () => {
  it("prints a matrix with a column per provider, pass rates by kind and cost per 100 answers", async () => {
    // Default usage of the test server: 812 input and 46 output tokens per answer.
    server.script(
      { kind: "answer", text: "The server listens on port 8080 by default [1]." },
      { kind: "answer", text: "Docent stores the index in `.docent/index.db` by default [1]." },
      { kind: "answer", text: "I don't know based on the documentation." },
    );
    const result = await runDocentInProcess(
      [
        "eval",
        "compare",
        "--providers",
        "extractive,openai:gpt-4o-mini",
        "suite.yaml",
        "--docs",
        "docs",
        "--out-dir",
        "runs",
      ],
      {
        cwd: workspace,
        environment: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: "test-key-not-real" },
      },
    );
    expect(result.stderr).not.toMatch(/error/iu);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((request) => request.path === "/v1/chat/completions")).toBe(true);
    expect(server.requests[0]?.body.model).toBe("gpt-4o-mini");

    const lines = result.stdout.split("\n");
    const header = lines.find((line) => line.includes("extractive") && line.includes("openai:gpt-4o-mini"));
    expect(header, `${result.stdout}\n${result.stderr}`).toBeDefined();
    const rowOf = (name: string) => lines.find((line) => line.trimStart().startsWith(name)) ?? "";
    expect(rowOf("pass rate")).toMatch(/\(\d\/3\).*100\.0% \(3\/3\)/u);
    expect(rowOf("answerable")).toMatch(/100\.0% \(2\/2\)\s+100\.0% \(2\/2\)/u);
    expect(rowOf("refusal")).toMatch(/\(1\/1\)$/u);
    expect(rowOf("false refusals")).toBeTruthy();
    expect(rowOf("citation precision")).toMatch(/\d\.\d{3}\s+1\.000/u);
    // gpt-4o-mini at $0.15 / $0.60 per million: (812 × 0.15 + 46 × 0.60) / 1e6 = $0.0001494 per answer.
    expect(rowOf("cost / 100 answers")).toMatch(/\$0\.0000\s+\$0\.0149/u);
    expect(rowOf("latency p50 ms")).toMatch(/\d/u);

    const runs = readdirSync(join(workspace, "runs")).sort();
    expect(runs).toEqual(["01-extractive.json", "02-openai_gpt-4o-mini.json"]);
    const openai = JSON.parse(readFileSync(join(workspace, "runs", runs[1] as string), "utf8")) as RunFile;
    expect(openai).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
    expect(openai.summary.costUsd).toBeCloseTo(3 * 0.0001494, 9);
    expect(openai.cases.find((item) => item.id === "database-port")?.refused).toBe(true);
  }, 60_000);
});
