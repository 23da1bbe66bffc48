import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Prometheus metrics of a Docent server, in their own registry (no global state). */
export interface DocentMetrics {
  readonly registry: Registry;
  readonly requests: Counter<"route" | "method" | "status">;
  readonly requestSeconds: Histogram<"route" | "method">;
  readonly stageSeconds: Histogram<"stage">;
  readonly answers: Counter<"outcome">;
  readonly tokens: Counter<"direction">;
  readonly costUsd: Counter;
  readonly feedback: Counter<"rating">;
  readonly providerFailures: Counter<"provider" | "action">;
  readonly inflightAnswers: Gauge;
}

/** Latency buckets in seconds, from 5 ms to 60 s (an LLM answer can take tens of seconds). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Creates the metrics, named `docent_*`, plus Node's default process metrics. */
export function createMetrics(): DocentMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: "docent_http_requests_total",
      help: "HTTP requests by route, method and status code",
      labelNames: ["route", "method", "status"],
      registers,
    }),
    requestSeconds: new Histogram({
      name: "docent_http_request_duration_seconds",
      help: "HTTP request latency by route",
      labelNames: ["route", "method"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    stageSeconds: new Histogram({
      name: "docent_pipeline_stage_duration_seconds",
      help: "Time spent in each answer stage (retrieve, generate, total)",
      labelNames: ["stage"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    answers: new Counter({
      name: "docent_answers_total",
      help: "Answers by outcome: answered, refused, error, aborted",
      labelNames: ["outcome"],
      registers,
    }),
    tokens: new Counter({
      name: "docent_tokens_total",
      help: "Tokens used by the generator, by direction (input, output; cached-input is part of input)",
      labelNames: ["direction"],
      registers,
    }),
    costUsd: new Counter({ name: "docent_cost_usd_total", help: "Generator cost in US dollars", registers }),
    feedback: new Counter({
      name: "docent_feedback_total",
      help: "Feedback received, by rating",
      labelNames: ["rating"],
      registers,
    }),
    providerFailures: new Counter({
      name: "docent_provider_failures_total",
      help: "Provider attempts that failed before an answer, by provider and what followed (retry, fallback)",
      labelNames: ["provider", "action"],
      registers,
    }),
    inflightAnswers: new Gauge({
      name: "docent_inflight_answers",
      help: "Answers being generated now",
      registers,
    }),
  };
}
