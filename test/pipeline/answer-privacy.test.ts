import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtractiveGenerator } from "../../src/answer/extractive-generator.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import type { GenerateEvent, Generator } from "../../src/core/answer.ts";
import { ingestFolders } from "../../src/pipeline/ingest-folders.ts";
import { type AnswerEvent, streamAnswer } from "../../src/pipeline/stream-answer.ts";
import { createSqliteStore } from "../../src/store/sqlite/create-sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";

/**
 * What reaches a user when the sources hold someone's personal data: the streamed text and the
 * final answer are masked (answer.redactPii), and a question asking for other users' data is
 * refused before retrieval and generation (answer.refuseOtherUsersData).
 */

let workspace: string;
let store: Store;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "docent-privacy-"));
  const docs = join(workspace, "docs");
  mkdirSync(docs);
  writeFileSync(
    join(docs, "tickets.md"),
    "# Support tickets\n\nThe escalated ticket of 3 March came from jo.devlin@corp.example, who sent the API key sk-live-7c3e9a1b5d to support.\nTickets are answered within two working days.\n",
  );
  store = createSqliteStore({ path: join(workspace, "index.db"), mode: "write" });
  await ingestFolders({
    store,
    paths: [docs],
    config: loadConfig({ cwd: workspace }).config,
    cwd: workspace,
  });
});

afterAll(async () => {
  await store.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** A generator that streams `pieces` as they are, citing source 1: a model splitting tokens anywhere. */
function scripted(pieces: readonly string[], calls: { count: number }): Generator {
  return {
    provider: "scripted",
    modelId: "scripted-1",
    async *generate() {
      calls.count += 1;
      for (const text of pieces) yield { type: "text-delta", text } satisfies GenerateEvent;
      yield { type: "finish" } satisfies GenerateEvent;
    },
  };
}

async function collect(question: string, generator: Generator, settings: Array<[string, string]> = []) {
  const { config } = loadConfig({ cwd: workspace, overrides: settings });
  const events: AnswerEvent[] = [];
  for await (const event of streamAnswer({ store, generator, question, config })) events.push(event);
  const streamed = events.flatMap((event) => (event.type === "text-delta" ? [event.text] : [])).join("");
  const finish = events.find((event) => event.type === "finish");
  if (finish?.type !== "finish") throw new Error(`no answer: ${JSON.stringify(events.at(-1))}`);
  return { events, streamed, answer: finish.answer };
}

describe("answers never show personal data from the sources", () => {
  it("masks an address and a key split across streamed pieces, in the stream and in the answer", async () => {
    const calls = { count: 0 };
    const generator = scripted(
      [
        "The ticket came from jo.dev",
        "lin@corp.exa",
        "mple, who sent the API key sk-live-7c3e",
        "9a1b5d [1].",
      ],
      calls,
    );
    const { streamed, answer } = await collect("Which ticket was escalated on 3 March?", generator);
    expect(streamed).toBe("The ticket came from [EMAIL], who sent the API key [SECRET] [1].");
    expect(answer.answer).toBe(streamed);
    expect(answer.checks.redacted).toBe(2);
    expect(answer.refused).toBe(false);
  });

  it("masks the extractive answerer's quote of the ticket", async () => {
    const { config } = loadConfig({ cwd: workspace });
    const generator = createExtractiveGenerator({
      refusalThreshold: config.answer.refusalThreshold,
      maxSentences: config.answer.maxSentences,
    });
    const { streamed, answer } = await collect(
      "What did the escalated ticket of 3 March send to support?",
      generator,
    );
    expect(answer.refused).toBe(false);
    expect(streamed).toContain("[EMAIL]");
    expect(`${streamed}\n${answer.answer}`).not.toMatch(/jo\.devlin@|sk-live-7c3e9a1b5d/u);
  });

  it("shows the raw text when answer.redactPii is false", async () => {
    const { streamed } = await collect(
      "Which ticket was escalated on 3 March?",
      scripted(["Mail jo.devlin@corp.example [1]."], { count: 0 }),
      [["answer.redactPii", "false"]],
    );
    expect(streamed).toBe("Mail jo.devlin@corp.example [1].");
  });
});

describe("questions asking for other users' data", () => {
  it("are refused without retrieval and without calling the generator", async () => {
    const calls = { count: 0 };
    const { events, answer } = await collect(
      "What API key did the customer Jo Devlin send to support?",
      scripted(["sk-live-7c3e9a1b5d [1]."], calls),
    );
    expect(calls.count).toBe(0);
    expect(answer.refused).toBe(true);
    expect(answer.retrieved).toEqual([]);
    expect(events.find((event) => event.type === "refusal")).toMatchObject({
      reason: expect.stringContaining("the customer Jo Devlin"),
    });
  });

  it("go to the generator when answer.refuseOtherUsersData is false", async () => {
    const calls = { count: 0 };
    await collect("What API key did the customer Jo Devlin send to support?", scripted(["No [1]."], calls), [
      ["answer.refuseOtherUsersData", "false"],
    ]);
    expect(calls.count).toBe(1);
  });
});
