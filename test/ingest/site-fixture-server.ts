import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One page of the fixture site. */
export interface FixturePage {
  readonly body: string | Uint8Array;
  readonly contentType?: string;
  readonly status?: number;
  /** Redirect target (sets `Location`; status defaults to 301). */
  readonly location?: string;
  /** Milliseconds to wait before answering (a slow server). */
  readonly delayMs?: number;
  /** Send an `ETag` (a hash of the body, or this exact value) and answer `If-None-Match` with 304. Default true. */
  readonly etag?: boolean | string;
  /** Send this `Last-Modified` and answer an equal `If-Modified-Since` with 304. */
  readonly lastModified?: string;
  /** Extra response headers (e.g. `content-encoding`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A real HTTP server on 127.0.0.1 serving a mutable map of pages, recording every request. */
export interface SiteFixtureServer {
  readonly origin: string;
  /** Path (with query) -> page; edit it between crawls to change the site. */
  readonly pages: Map<string, FixturePage>;
  /** Every request: path and status answered. */
  readonly log: Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

/** Starts the fixture site on an ephemeral loopback port. */
export async function startSiteFixtureServer(pages: Record<string, FixturePage>): Promise<SiteFixtureServer> {
  const map = new Map(Object.entries(pages));
  const log: Array<{ path: string; status: number }> = [];
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = request.url ?? "/";
    const page = map.get(path);
    const answer = (status: number, headers: Record<string, string>, body?: string | Uint8Array): void => {
      log.push({ path, status });
      response.writeHead(status, headers);
      response.end(body);
    };
    if (page === undefined) return answer(404, { "content-type": "text/html" }, "<h1>Not found</h1>");
    if (page.delayMs) await new Promise((resolve) => setTimeout(resolve, page.delayMs));
    if (response.destroyed) return;
    if (page.location !== undefined) return answer(page.status ?? 301, { location: page.location });
    const etag =
      typeof page.etag === "string"
        ? page.etag
        : `"${createHash("sha256").update(page.body).digest("hex").slice(0, 16)}"`;
    const headers: Record<string, string> = {
      "content-type": page.contentType ?? "text/html; charset=utf-8",
      ...page.headers,
    };
    if (page.lastModified !== undefined) headers["last-modified"] = page.lastModified;
    if (page.etag !== false) {
      headers.etag = etag;
      if (request.headers["if-none-match"] === etag) return answer(304, headers);
    } else if (
      page.lastModified !== undefined &&
      request.headers["if-modified-since"] === page.lastModified
    ) {
      return answer(304, headers);
    }
    answer(page.status ?? 200, headers, page.body);
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    pages: map,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A documentation page with site chrome around its main content. */
export function docPage(
  title: string,
  id: string,
  body: string,
  links: readonly string[] = [],
  head = "",
): FixturePage {
  const nav = links.map((link) => `<a href="${link}">${link}</a>`).join(" ");
  return {
    body: `<!doctype html><html><head><title>${title} | Fixture Docs</title>${head}</head><body><nav>${nav}</nav><main><h1 id="${id}">${title}</h1><p>${body}</p></main><footer>Fixture footer</footer></body></html>`,
  };
}
