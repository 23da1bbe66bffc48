import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { DocentError, describeError } from "../../core/errors.ts";
import type { AddressGuard } from "./ssrf-guard.ts";

/** One HTTP response, redirects not followed. */
export interface FetchedResponse {
  readonly url: string;
  readonly status: number;
  /** Header values, names lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, decompressed (gzip, deflate, br). Empty for 3xx and 304. */
  readonly bytes: Uint8Array;
}

/** Settings of {@link createUrlFetcher}. */
export interface UrlFetcherOptions {
  readonly guard: AddressGuard;
  readonly userAgent: string;
  /** A request taking longer than this (connect to last byte) fails with a timeout. */
  readonly timeoutMs: number;
  /** Bodies larger than this, compressed or decompressed, are abandoned (config `ingest.maxFileBytes`). */
  readonly maxBytes: number;
}

/** Fetches one URL (no redirect following), guarded against private addresses. */
export type UrlFetcher = (
  url: string,
  options?: { readonly headers?: Readonly<Record<string, string>>; readonly signal?: AbortSignal },
) => Promise<FetchedResponse>;

/**
 * Creates the crawler's HTTP client on `node:http`/`node:https`. It is not `fetch` on purpose: it
 * must check the address a name resolves to at connect time (SSRF guard), cap body size and
 * time, and leave redirects to the crawler, which checks every hop. Failures throw DocentError
 * `SOURCE_UNREACHABLE` (or `SOURCE_BLOCKED`) with a one-line reason.
 */
export function createUrlFetcher(options: UrlFetcherOptions): UrlFetcher {
  return (url, { headers = {}, signal } = {}) =>
    new Promise<FetchedResponse>((resolve, reject) => {
      let target: URL;
      try {
        target = new URL(url);
        if (target.protocol !== "http:" && target.protocol !== "https:") {
          throw new DocentError(
            "INPUT_INVALID",
            `only http and https URLs can be crawled, not ${target.protocol}`,
          );
        }
        const port = target.port || (target.protocol === "https:" ? "443" : "80");
        options.guard.checkHost(target.hostname, port);
      } catch (error) {
        reject(error);
        return;
      }
      const port = target.port || (target.protocol === "https:" ? "443" : "80");
      const fail = (reason: string, cause?: unknown): DocentError =>
        new DocentError("SOURCE_UNREACHABLE", reason, { details: { url }, cause });
      const send = target.protocol === "https:" ? httpsRequest : httpRequest;
      const request = send(
        target,
        {
          method: "GET",
          headers: {
            "user-agent": options.userAgent,
            accept:
              "text/html,application/xhtml+xml,application/pdf,text/markdown,text/plain;q=0.9,*/*;q=0.5",
            "accept-encoding": "gzip, deflate, br",
            ...headers,
          },
          lookup: options.guard.lookupFor(target.hostname, port),
          signal,
        },
        (response) => {
          const encoding = (response.headers["content-encoding"] ?? "").trim().toLowerCase();
          let body: NodeJS.ReadableStream = response;
          let decoder: Transform | null = null;
          try {
            decoder = createDecoder(encoding);
          } catch (error) {
            clearTimeout(timer);
            request.destroy();
            reject(fail(describeError(error)));
            return;
          }
          if (decoder !== null) body = response.pipe(decoder);
          const chunks: Buffer[] = [];
          let compressedSize = 0;
          let decodedSize = 0;
          const limit = options.maxBytes.toLocaleString("en-US");
          // Rejects at once: the request may already have ended, so its `error` event cannot be relied on.
          const abort = (error: DocentError): void => {
            clearTimeout(timer);
            decoder?.destroy();
            request.destroy();
            reject(error);
          };
          response.on("data", (chunk: Buffer) => {
            compressedSize += chunk.length;
            if (compressedSize > options.maxBytes) {
              abort(fail(`response is larger than ${limit} bytes (ingest.maxFileBytes)`));
            }
          });
          body.on("data", (chunk: Buffer) => {
            decodedSize += chunk.length;
            if (decodedSize > options.maxBytes) {
              // Checked while inflating, so a decompression bomb is abandoned at the limit, not in memory.
              abort(
                fail(
                  `decompressed response is larger than ${limit} bytes (ingest.maxFileBytes; ${encoding} body of ${compressedSize.toLocaleString("en-US")} bytes so far): refused as a possible decompression bomb`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on("error", (error) =>
            reject(fail(`connection broke while reading: ${describeError(error)}`, error)),
          );
          const finish = (): void => {
            clearTimeout(timer);
            resolve({
              url,
              status: response.statusCode ?? 0,
              headers: flattenHeaders(response.headers),
              bytes: new Uint8Array(Buffer.concat(chunks)),
            });
          };
          if (decoder === null) {
            response.on("end", finish);
          } else {
            // An empty body (3xx, 304) is no compressed stream at all: nothing to decode.
            response.on("end", () => {
              if (compressedSize === 0) finish();
            });
            decoder.on("end", finish);
            decoder.on("error", (error) => {
              if (compressedSize === 0) return;
              abort(fail(`body could not be decompressed: ${describeError(error)}`, error));
            });
          }
        },
      );
      const timer = setTimeout(() => {
        request.destroy(fail(`timed out after ${options.timeoutMs} ms (ingest.web.timeoutMs)`));
      }, options.timeoutMs);
      request.on("error", (error) => {
        clearTimeout(timer);
        if (error instanceof DocentError) reject(error);
        else if ((error as { name?: string }).name === "AbortError")
          reject(new DocentError("ABORTED", "The crawl was cancelled"));
        else reject(fail(describeNetworkError(error), error));
      });
      request.end();
    });
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** A streaming decoder for a `Content-Encoding`, or null for none; throws for an unknown one. */
function createDecoder(encoding: string): Transform | null {
  if (encoding === "" || encoding === "identity") return null;
  if (encoding === "gzip" || encoding === "x-gzip") return createGunzip();
  if (encoding === "deflate") return createInflate();
  if (encoding === "br") return createBrotliDecompress();
  throw new Error(`unsupported content-encoding "${encoding}"`);
}

function describeNetworkError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "connection refused (is the server running?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name not found (DNS)";
  if (code === "ECONNRESET") return "connection reset by the server";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS error: ${error.message}`;
  return error.message;
}
