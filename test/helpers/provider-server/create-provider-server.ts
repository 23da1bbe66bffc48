import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicError, anthropicEvents, anthropicMessage, anthropicModelList } from "./anthropic-wire.ts";
import {
  type OpenAIFlavor,
  openAIChatCompletion,
  openAIChunks,
  openAIError,
  openAIModelList,
  type WireStop,
  type WireUsage,
} from "./openai-wire.ts";

/**
 * One scripted reply. The server answers each request with the next step of its script:
 * - `answer`: a normal answer, streamed in `pieces` (or the text split into words) when the
 *   request asked for a stream, else one JSON body. `usage: null` sends no usage; `stop: "length"`
 *   ends it as cut off at the output-token limit (`length` / `max_tokens`).
 * - `status`: an HTTP error in the provider's own envelope, with optional headers (`retry-after`).
 * - `reset`: starts streaming `text`, then drops the connection (connection reset mid-stream).
 * - `stall`: sends the headers (and `text`, if any) and then nothing, until the client gives up.
 *   `afterMs` with text: sends the first piece, waits that long, then sends the rest normally.
 * - `malformed`: a 200 stream whose first event is not valid JSON.
 */
export type ScriptStep =
  | {
      readonly kind: "answer";
      readonly text: string;
      readonly pieces?: readonly string[];
      readonly usage?: WireUsage | null;
      readonly stop?: WireStop;
    }
  | {
      readonly kind: "status";
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly message?: string;
    }
  | { readonly kind: "reset"; readonly text: string }
  | { readonly kind: "stall"; readonly text?: string; readonly afterMs?: number }
  | { readonly kind: "malformed" };

/** A request the server received. */
export interface RecordedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Record<string, unknown>;
  /** Time it arrived (epoch ms), for backoff assertions. */
  readonly at: number;
}

/**
 * A loopback HTTP server speaking the OpenAI, Ollama-compatible and Anthropic wire protocols.
 * `GET /v1/models` lists `models` in the OpenAI format, or Anthropic's when the request carries
 * `anthropic-version` (it is not scripted and is recorded in `probes`, so a readiness probe does
 * not disturb a script).
 */
export interface ProviderServer {
  /** `http://127.0.0.1:<port>`; point a provider at `${url}/v1`. */
  readonly url: string;
  /** Requests received so far, oldest first. */
  readonly requests: RecordedRequest[];
  /** `GET /v1/models` requests (readiness probes), oldest first; kept apart from `requests`. */
  readonly probes: RecordedRequest[];
  /** Appends steps to the script. */
  script(...steps: ScriptStep[]): void;
  /** Forgets the unused steps and the recorded requests (between tests). */
  reset(): void;
  /** Steps not yet used. */
  remaining(): number;
  close(): Promise<void>;
}

const DEFAULT_USAGE: WireUsage = { inputTokens: 812, outputTokens: 46, cachedInputTokens: 0 };

/**
 * Starts the protocol server. `POST /v1/chat/completions` answers in OpenAI's format (or
 * Ollama's flavour of it when `flavor` is `ollama`); `POST /v1/messages` in Anthropic's. A
 * request with no step left gets a 500 saying so, so a test that under-scripts fails loudly.
 */
export async function createProviderServer(
  options: { flavor?: OpenAIFlavor; models?: readonly string[] } = {},
): Promise<ProviderServer> {
  const flavor = options.flavor ?? "openai";
  const steps: ScriptStep[] = [];
  const requests: RecordedRequest[] = [];
  const probes: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const path = (request.url ?? "").split("?")[0] ?? "";
    if (request.method === "GET" && path.endsWith("/models")) {
      probes.push({ path, headers: request.headers, body: {}, at: Date.now() });
      const models = options.models ?? ["gpt-4o-mini", "claude-sonnet-4-5", "llama3.2"];
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify(
          request.headers["anthropic-version"] ? anthropicModelList(models) : openAIModelList(models),
        ),
      );
      return;
    }
    requests.push({ path, headers: request.headers, body, at: Date.now() });
    const dialect = path.endsWith("/chat/completions")
      ? "openai"
      : path.endsWith("/messages")
        ? "anthropic"
        : null;
    if (request.method !== "POST" || dialect === null) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `No route ${request.method} ${path}` } }));
      return;
    }
    const model = String(body.model ?? "unknown-model");
    const stream = body.stream === true;
    const step = steps.shift();
    if (!step) {
      sendError(response, dialect, 500, {}, "The test server has no scripted response left");
      return;
    }
    switch (step.kind) {
      case "status":
        sendError(
          response,
          dialect,
          step.status,
          step.headers ?? {},
          step.message ?? defaultMessage(step.status),
        );
        return;
      case "answer": {
        const usage = step.usage === undefined ? DEFAULT_USAGE : step.usage;
        if (!stream) {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(
            JSON.stringify(
              dialect === "openai"
                ? openAIChatCompletion(model, step.text, usage, flavor, step.stop)
                : anthropicMessage(model, step.text, usage, step.stop),
            ),
          );
          return;
        }
        const pieces = step.pieces ?? step.text.match(/\S+\s*|\s+/gu) ?? [];
        startStream(response);
        for (const event of streamEvents(dialect, model, pieces, usage, step.stop)) response.write(event);
        if (dialect === "openai") response.write("data: [DONE]\n\n");
        response.end();
        return;
      }
      case "reset": {
        startStream(response);
        const events = streamEvents(dialect, model, step.text.match(/\S+\s*|\s+/gu) ?? [], null);
        // Everything up to the last text event, then the connection drops.
        const upTo = dialect === "openai" ? events.length - 1 : events.length - 3;
        for (const event of events.slice(0, upTo)) response.write(event);
        setTimeout(() => request.socket.destroy(), 20);
        return;
      }
      case "stall": {
        startStream(response);
        if (step.text && step.afterMs !== undefined) {
          const events = streamEvents(dialect, model, step.text.match(/\S+\s*|\s+/gu) ?? [], null);
          // Up to and with the first text event, a pause, then the rest.
          const first = dialect === "openai" ? 2 : 4;
          for (const event of events.slice(0, first)) response.write(event);
          setTimeout(() => {
            if (response.destroyed) return;
            for (const event of events.slice(first)) response.write(event);
            if (dialect === "openai") response.write("data: [DONE]\n\n");
            response.end();
          }, step.afterMs);
          return;
        }
        if (step.text) {
          const events = streamEvents(dialect, model, step.text.match(/\S+\s*|\s+/gu) ?? [], null);
          const upTo = dialect === "openai" ? events.length - 1 : events.length - 3;
          for (const event of events.slice(0, upTo)) response.write(event);
        }
        // Nothing more: the client's timeout must end this.
        return;
      }
      case "malformed": {
        startStream(response);
        response.write(
          dialect === "openai"
            ? 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel\n\n'
            : 'event: message_start\ndata: {"type":"message_start","message":{"id":\n\n',
        );
        if (dialect === "openai") response.write("data: [DONE]\n\n");
        response.end();
        return;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    probes,
    script: (...more) => {
      steps.push(...more);
    },
    remaining: () => steps.length,
    reset: () => {
      steps.length = 0;
      requests.length = 0;
      probes.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function streamEvents(
    dialect: "openai" | "anthropic",
    model: string,
    pieces: readonly string[],
    usage: WireUsage | null,
    stop: WireStop = "stop",
  ): string[] {
    if (dialect === "openai") {
      return openAIChunks(model, pieces, usage, flavor, stop).map(
        (chunk) => `data: ${JSON.stringify(chunk)}\n\n`,
      );
    }
    return anthropicEvents(model, pieces, usage, stop).map(
      ([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
    );
  }
}

function startStream(response: ServerResponse): void {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  response.flushHeaders();
}

function sendError(
  response: ServerResponse,
  dialect: "openai" | "anthropic",
  status: number,
  headers: Readonly<Record<string, string>>,
  message: string,
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(
    JSON.stringify(dialect === "openai" ? openAIError(status, message) : anthropicError(status, message)),
  );
}

function defaultMessage(status: number): string {
  if (status === 429) return "Rate limit reached for requests. Please try again later.";
  if (status === 529) return "Overloaded";
  if (status === 401) return "Incorrect API key provided.";
  if (status >= 500) return "The server had an error while processing your request.";
  return "Invalid request.";
}
