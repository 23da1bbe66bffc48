import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../core/errors.ts";
import { createUrlFetcher } from "./fetch-url.ts";
import { createAddressGuard } from "./ssrf-guard.ts";

const MAX_BYTES = 64 * 1024;
const page = "<p>compressed documentation page</p>".repeat(100);
/** 8 MiB of spaces gzipped: about 8 KB on the wire, far over the 64 KiB cap once inflated. */
const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20), { level: 9 });
let server: Server;
let origin = "";
const served: Record<string, { body: Buffer; encoding?: string; status?: number }> = {
  "/gzip": { body: gzipSync(page), encoding: "gzip" },
  "/br": { body: brotliCompressSync(page), encoding: "br" },
  "/bomb": { body: bomb, encoding: "gzip" },
  "/big": { body: Buffer.alloc(MAX_BYTES + 1, 0x61) },
  "/corrupt": { body: Buffer.from("not gzip at all"), encoding: "gzip" },
  "/not-modified": { body: Buffer.alloc(0), encoding: "gzip", status: 304 },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const entry = served[request.url ?? ""];
    if (entry === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(entry.status ?? 200, {
      "content-type": "text/html",
      ...(entry.encoding ? { "content-encoding": entry.encoding } : {}),
    });
    response.end(entry.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetchUrl = () =>
  createUrlFetcher({
    guard: createAddressGuard(["127.0.0.1"]),
    userAgent: "DocentTest/1",
    timeoutMs: 5000,
    maxBytes: MAX_BYTES,
  });

const failureOf = async (path: string): Promise<string> => {
  try {
    await fetchUrl()(`${origin}${path}`);
    return "(no failure)";
  } catch (error) {
    return describeError(error);
  }
};

describe("createUrlFetcher", () => {
  it("decodes gzip and brotli bodies", async () => {
    for (const path of ["/gzip", "/br"]) {
      const response = await fetchUrl()(`${origin}${path}`);
      expect(new TextDecoder().decode(response.bytes)).toBe(page);
    }
  });

  it("abandons a decompression bomb once its decoded size passes the cap", async () => {
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    expect(await failureOf("/bomb")).toMatch(
      /decompressed response is larger than 65,536 bytes \(ingest\.maxFileBytes.*decompression bomb/u,
    );
  });

  it("still caps the bytes on the wire, and reports a body that is not what its encoding says", async () => {
    expect(await failureOf("/big")).toMatch(/response is larger than 65,536 bytes/u);
    expect(await failureOf("/corrupt")).toMatch(/body could not be decompressed/u);
  });

  it("returns an empty body for a 304 with a content-encoding", async () => {
    const response = await fetchUrl()(`${origin}/not-modified`);
    expect(response.status).toBe(304);
    expect(response.bytes.length).toBe(0);
  });
});
