import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { DocentError, describeError } from "../../core/errors.ts";
import type { AddressGuard } from "./ssrf-guard.ts";

/** One HTTP response, redirects not followed. */
export interface FetchedResponse {
  readonly url: string;
  readonly status: number;
  /** Header values, names lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, decompressed. Empty for 3xx and 304. */
  readonly bytes: Uint8Array;
}

/** Settings of {@link createUrlFetcher}. */
export interface UrlFetcherOptions {
  readonly guard: AddressGuard;
  readonly userAgent: string;
  /** A request taking longer than this (connect to last byte) fails with a timeout. */
  readonly timeoutMs: number;
  /** Bodies larger than this are abandoned (config `ingest.maxFileBytes`). */
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
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > options.maxBytes) {
              request.destroy(
                fail(
                  `response is larger than ${options.maxBytes.toLocaleString("en-US")} bytes (ingest.maxFileBytes)`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on("error", (error) =>
            reject(fail(`connection broke while reading: ${describeError(error)}`, error)),
          );
          response.on("end", () => {
            clearTimeout(timer);
            try {
              resolve({
                url,
                status: response.statusCode ?? 0,
                headers: flattenHeaders(response.headers),
                bytes: decompress(Buffer.concat(chunks), response.headers["content-encoding"]),
              });
            } catch (error) {
              reject(fail(`body could not be decompressed: ${describeError(error)}`, error));
            }
          });
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

function decompress(body: Buffer, encoding: string | undefined): Uint8Array {
  const name = (encoding ?? "").trim().toLowerCase();
  if (body.length === 0 || name === "" || name === "identity") return new Uint8Array(body);
  if (name === "gzip" || name === "x-gzip") return new Uint8Array(gunzipSync(body));
  if (name === "deflate") return new Uint8Array(inflateSync(body));
  if (name === "br") return new Uint8Array(brotliDecompressSync(body));
  throw new Error(`unsupported content-encoding "${name}"`);
}

function describeNetworkError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "connection refused (is the server running?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name not found (DNS)";
  if (code === "ECONNRESET") return "connection reset by the server";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS error: ${error.message}`;
  return error.message;
}
