import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunFile } from "../../src/eval/runner/run-file.ts";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import {
  createProviderServer,
  type ProviderServer,
} from "../helpers/provider-server/create-provider-server.ts";
import { type DocentRun, runDocent } from "../helpers/run-docent.ts";
import { runDocentInProcess } from "../helpers/run-docent-in-process.ts";

/**
 * The optional LLM judge of `docent eval run --judge`, against the local OpenAI wire-protocol
 * server with scripted verdicts: verdicts land in the run file, are cached by input hash, an
 * uncertain one is queued for review, the judge–human κ is reported, and a model is never its
 * own judge.
 */

let workspace: string;
let server: ProviderServer;
const path = (name: string) => join(workspace, name);

function environment(): Record<string, string> {
  return { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: "test-key-not-real" };
}

function evalRun(args: readonly string[]) {
  return runDocentInProcess(["eval", "run", "suite.yaml", "--docs", "docs", ...args], {
    cwd: workspace,
    environment: environment(),
  });
}

/** Runs `docent review` with the replies piped to standard input. */
function review(args: readonly string[], input: string): Promise<DocentRun> {
  return runDocent(["review", ...args], { cwd: workspace, input });
}

const verdict = (value: "pass" | "fail", confidence: number, reason: string) =>
  JSON.stringify({ verdict: value, confidence, reason });

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "docent-judge-"));
  mkdirSync(path("docs"));
  writeFileSync(
    path("docs/server.md"),
    "# Server\n\nThe server listens on port 8080 by default.\nChange the port with the `--port` flag.\n",
  );
  writeFileSync(
    path("docs/index-file.md"),
    "# Index\n\nDocent stores the index in `.docent/index.db` by default.\n",
  );
  writeFileSync(
    path("suite.yaml"),
    [
      "name: judged",
      "cases:",
      "  - id: port",
      "    question: Which port does the server listen on by default?",
      "    mustContain: ['8080']",
      "  - id: index",
      "    question: Where is the index stored by default?",
      "    mustContain: ['.docent/index.db']",
      "  - id: off-topic",
      "    kind: refusal",
      "    question: What is the capital of France?",
      "",
    ].join("\n"),
  );
  server = await createProviderServer();
});

afterAll(async () => {
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
});

beforeEach(() => server.reset());

describe("docent eval run --judge", () => {
  it("records each verdict, asks with the rubric, caches verdicts by input hash and queues the uncertain one", async () => {
    server.script(
      { kind: "answer", text: verdict("pass", 0.92, "states port 8080 with [1]") },
      // Uncertain: below 0.6.
      {
        kind: "answer",
        text: `\`\`\`json\n${verdict("fail", 0.55, "the path is right but the wording differs")}\n\`\`\``,
      },
      { kind: "answer", text: verdict("pass", 0.97, "refuses") },
    );
    const first = await evalRun([
      "--judge",
      "openai:gpt-4o-mini",
      "--judge-cache",
      "cache",
      "--out",
      "run.json",
    ]);
    expect(first.stderr).not.toMatch(/judge failed/u);
    expect(first.code).toBe(0);
    expect(server.remaining()).toBe(0);
    expect(server.requests).toHaveLength(3);
    const request = server.requests[0]?.body as {
      model: string;
      messages: Array<{ role: string; content: string }>;
    };
    expect(request.model).toBe("gpt-4o-mini");
    const rubric = readFileSync(join(REPOSITORY_ROOT, "eval", "judge", "rubric.md"), "utf8");
    expect(request.messages.find((message) => message.role === "system")?.content).toBe(rubric);
    expect(JSON.stringify(request.messages)).toContain("Which port does the server listen on by default?");

    const run = JSON.parse(readFileSync(path("run.json"), "utf8")) as RunFile;
    expect(run.judge).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
    const judgeOf = (id: string) =>
      run.cases.find((result) => result.id === id)?.scores.find((score) => score.name === "judge");
    expect(judgeOf("port")).toMatchObject({ pass: true, score: 0.92 });
    expect(judgeOf("index")).toMatchObject({ pass: false });
    expect(judgeOf("index")?.score).toBeCloseTo(0.45);
    // Advisory: the judge's fail does not fail a case the scorers pass.
    expect(run.cases.find((result) => result.id === "index")?.pass).toBe(true);
    expect(readdirSync(path("cache")).filter((name) => name.endsWith(".json"))).toHaveLength(3);

    // Same answers again: every verdict comes from the cache, no request is made.
    const second = await evalRun([
      "--judge",
      "openai:gpt-4o-mini",
      "--judge-cache",
      "cache",
      "--out",
      "run2.json",
    ]);
    expect(second.code).toBe(0);
    expect(server.requests).toHaveLength(3);
    const again = JSON.parse(readFileSync(path("run2.json"), "utf8")) as RunFile;
    expect(
      again.cases.map((result) => result.scores.find((score) => score.name === "judge")?.reason),
    ).toEqual(
      run.cases.map((result) =>
        result.scores.find((score) => score.name === "judge")?.reason.replace(/\)/u, ", cached)"),
      ),
    );

    // The uncertain verdict (and the judge's disagreement with the scorers) is queued; a human fails it.
    const reviewed = await review(["run.json"], "f\nwording is fine but I want the flag\n");
    expect(reviewed.code).toBe(0);
    expect(reviewed.stdout).toMatch(/index \(answerable\).*queued because: .*judge-uncertain/u);
    expect(reviewed.stdout).not.toMatch(/── \d+\/\d+ {2}port /u);
    expect(reviewed.stdout).toMatch(/Judge–human agreement: 1 label\(s\), 100% observed, Cohen's κ 1\.00/u);
    expect(reviewed.stdout).toMatch(/Scorer–human agreement: 1 label\(s\), 0% observed/u);
  }, 60_000);

  it("turns a judge error into an uncertain verdict for review, never a failed run", async () => {
    server.script(
      { kind: "status", status: 400, message: "bad request" },
      { kind: "answer", text: "It looks fine to me." },
      { kind: "answer", text: verdict("pass", 0.9, "refuses") },
    );
    const result = await evalRun([
      "--judge",
      "openai:gpt-4o-mini",
      "--judge-cache",
      "cache-errors",
      "--out",
      "errors.json",
    ]);
    expect(result.code).toBe(0);
    const run = JSON.parse(readFileSync(path("errors.json"), "utf8")) as RunFile;
    const reasons = run.cases.map((item) => item.scores.find((score) => score.name === "judge"));
    expect(reasons[0]).toMatchObject({ score: 0.5, reason: expect.stringMatching(/the judge failed/u) });
    expect(reasons[1]).toMatchObject({
      score: 0.5,
      reason: expect.stringMatching(/unreadable judge reply/u),
    });
    // Only the readable verdict was cached.
    expect(readdirSync(path("cache-errors"))).toHaveLength(1);
  }, 60_000);

  it("refuses to let a model judge itself, before answering anything", async () => {
    const result = await evalRun(["--provider", "openai:gpt-4o-mini", "--judge", "openai:gpt-4o-mini"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/judge openai:gpt-4o-mini is the model under test/u);
    expect(server.requests).toHaveLength(0);
  });
});
