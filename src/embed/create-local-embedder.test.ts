import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLOVE, model } from "../../test/helpers/models.ts";
import type { Embedder } from "../core/embedder.ts";
import { isDocentError } from "../core/errors.ts";
import { createLocalEmbedder } from "./create-local-embedder.ts";
import { createWorkerEmbedder } from "./create-worker-embedder.ts";

const glove = model(GLOVE);
const dot = (left: Float32Array, right: Float32Array) =>
  left.reduce((sum, value, i) => sum + value * (right[i] ?? 0), 0);

// Paraphrase similarity and abort for this same embedder are in the shared embedder contract
// (test/embed/embedder-contract.test.ts); these are what the contract does not cover.
describe.runIf(glove.available)("local embedder (GloVe-SIF through transformers.js)", () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await createLocalEmbedder({ model: glove.path, cwd: process.cwd(), maxBatchSize: 2 });
  });
  afterAll(async () => {
    await embedder.close?.();
  });

  it("reports its identity and returns one unit vector of its width per text", async () => {
    expect(embedder).toMatchObject({ provider: "local", modelId: GLOVE, dimensions: 100, maxBatchSize: 2 });
    const vectors = await embedder.embed([
      "reset my password",
      "the cafeteria opens at noon",
      "proxy timeout",
    ]);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector.length).toBe(100);
      expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 4);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it("gives the same vector for a text whatever the batch it is in", async () => {
    const [alone] = await embedder.embed(["configure the proxy timeout"]);
    const batched = await embedder.embed(["a", "b c", "configure the proxy timeout", "d"]);
    expect(dot(alone as Float32Array, batched[2] as Float32Array)).toBeCloseTo(1, 5);
  });

  it("puts the query prefix before questions only", async () => {
    const prefixed = await createLocalEmbedder({
      model: glove.path,
      cwd: process.cwd(),
      queryPrefix: "search documentation: ",
    });
    try {
      const [asQuery] = await prefixed.embed(["proxy timeout"], { inputType: "query" });
      const [asDocument] = await prefixed.embed(["proxy timeout"], { inputType: "document" });
      const [spelledOut] = await prefixed.embed(["search documentation: proxy timeout"]);
      expect(dot(asQuery as Float32Array, asDocument as Float32Array)).toBeLessThan(0.99);
      expect(dot(asQuery as Float32Array, spelledOut as Float32Array)).toBeCloseTo(1, 5);
      const [plain] = await embedder.embed(["proxy timeout"], { inputType: "query" });
      expect(dot(plain as Float32Array, asDocument as Float32Array)).toBeCloseTo(1, 5);
    } finally {
      await prefixed.close?.();
    }
  });

  it("gives the same vectors from a worker thread", async () => {
    const worker = await createWorkerEmbedder({ model: glove.path, cwd: process.cwd() });
    try {
      expect(worker).toMatchObject({ modelId: GLOVE, dimensions: 100 });
      const texts = ["reset my password", "proxy timeout settings"];
      const fromWorker = await worker.embed(texts);
      const inProcess = await embedder.embed(texts);
      for (const [index, vector] of fromWorker.entries()) {
        expect(dot(vector, inProcess[index] as Float32Array)).toBeCloseTo(1, 5);
      }
      await expect(worker.embed(["x"], { signal: AbortSignal.abort() })).rejects.toThrow();
    } finally {
      await worker.close?.();
    }
  });
});

describe("local embedder: a configured model that cannot load is an error with the reason", () => {
  const folder = mkdtempSync(join(tmpdir(), "docent-embed-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("names a folder that does not exist and is not a hub id", async () => {
    const error = await createLocalEmbedder({ model: "./no-such-model", cwd: folder }).catch(
      (caught) => caught,
    );
    expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
    expect(String(error.message)).toMatch(/no model folder at .*no-such-model/);
  });

  it("reports why a folder without a usable model fails to load, in the main thread and in a worker", async () => {
    const broken = join(folder, "broken-model");
    rmSync(broken, { recursive: true, force: true });
    await import("node:fs").then(({ mkdirSync }) => mkdirSync(broken));
    writeFileSync(join(broken, "config.json"), JSON.stringify({ model_type: "bert" }));
    for (const create of [createLocalEmbedder, createWorkerEmbedder]) {
      const error = await create({ model: broken, cwd: folder }).catch((caught) => caught);
      expect(isDocentError(error, "PROVIDER_ERROR")).toBe(true);
      expect(String(error.message)).toMatch(/broken-model .*could not be loaded: .+/);
    }
  });

  it("asks the hub for a hub id, and reports a model the hub does not have (error, not fallback)", async () => {
    const requested: string[] = [];
    const hub = createServer((request, response) => {
      requested.push(request.url ?? "");
      response.writeHead(404).end("not found");
    });
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = hub.address() as AddressInfo;
      const error = await createLocalEmbedder({
        model: "docent-test/does-not-exist",
        cwd: folder,
        cacheDir: join(folder, "cache"),
        remoteHost: `http://127.0.0.1:${port}`,
      }).catch((caught) => caught);
      expect(isDocentError(error, "PROVIDER_ERROR")).toBe(true);
      expect(String(error.message)).toMatch(
        /docent-test\/does-not-exist \(hub id;.*\) could not be loaded: .+/,
      );
      expect(requested.some((url) => url.includes("docent-test/does-not-exist"))).toBe(true);
    } finally {
      hub.close();
    }
  });
});
