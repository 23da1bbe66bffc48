/**
 * Precision and recall of the redactor, per entity type, on the Presidio synthetic PII dev set.
 *
 *   node bench/redactor.ts [path/to/dev.json]
 *
 * Default path: $DOCENT_DATASETS/pii-presidio/dev.json. Matching is span overlap: a labelled
 * span counts as found when a detected entity of the mapped type overlaps it; a detected entity
 * is correct when it overlaps a labelled span of its type. "chars covered" is the share of the
 * labelled characters of a type that end up inside any placeholder (what matters for privacy).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createRedactor } from "../src/guard/redact/create-redactor.ts";
import type { PiiType } from "../src/guard/redact/pii-entity.ts";
import { describeMachine } from "./describe-machine.ts";

interface Sample {
  readonly full_text: string;
  readonly spans: ReadonlyArray<{ entity_type: string; start_position: number; end_position: number }>;
}

/** Dataset label -> redactor type. Labels not listed (GPE, ORGANIZATION, DATE_TIME, ...) are not targeted. */
const LABELS: Readonly<Record<string, PiiType>> = {
  EMAIL_ADDRESS: "email",
  PHONE_NUMBER: "phone",
  CREDIT_CARD: "payment-card",
  IBAN_CODE: "iban",
  IP_ADDRESS: "ip-address",
  US_SSN: "government-id",
  PERSON: "person",
  STREET_ADDRESS: "street-address",
};

const path = resolve(
  process.argv[2] ??
    `${process.env.DOCENT_DATASETS ?? resolve(import.meta.dirname, "../../shared/datasets")}/pii-presidio/dev.json`,
);
const samples = JSON.parse(readFileSync(path, "utf8")) as Sample[];
const redactor = createRedactor();

const counts = new Map<
  PiiType,
  { gold: number; found: number; predicted: number; correct: number; chars: number; covered: number }
>();
const row = (type: PiiType) => {
  let value = counts.get(type);
  if (!value) {
    value = { gold: 0, found: 0, predicted: 0, correct: 0, chars: 0, covered: 0 };
    counts.set(type, value);
  }
  return value;
};
let anyPredicted = 0;
let anyCorrect = 0;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

const started = performance.now();
for (const sample of samples) {
  const entities = redactor.find(sample.full_text);
  const gold = sample.spans.map((span) => ({
    type: LABELS[span.entity_type],
    start: span.start_position,
    end: span.end_position,
  }));
  for (const span of gold) {
    if (!span.type) continue;
    const stats = row(span.type);
    stats.gold++;
    if (entities.some((entity) => entity.type === span.type && overlaps(entity, span))) stats.found++;
    for (let at = span.start; at < span.end; at++) {
      if (/\s/.test(sample.full_text[at] ?? "")) continue;
      stats.chars++;
      if (entities.some((entity) => entity.start <= at && at < entity.end)) stats.covered++;
    }
  }
  for (const entity of entities) {
    const stats = row(entity.type);
    stats.predicted++;
    if (gold.some((span) => span.type === entity.type && overlaps(entity, span))) stats.correct++;
    anyPredicted++;
    if (gold.some((span) => overlaps(entity, span))) anyCorrect++;
  }
}
const elapsed = performance.now() - started;

const ratio = (a: number, b: number) => (b === 0 ? "n/a" : (a / b).toFixed(3));
console.log(`Redactor on ${path} (${samples.length} sentences)`);
console.log(describeMachine());
console.log("| type | labelled | detected | precision | recall | chars covered |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const type of Object.values(LABELS)) {
  const stats = row(type);
  console.log(
    `| ${type} | ${stats.gold} | ${stats.predicted} | ${ratio(stats.correct, stats.predicted)} | ${ratio(stats.found, stats.gold)} | ${ratio(stats.covered, stats.chars)} |`,
  );
}
console.log(
  `any-PII precision (a detection overlaps some labelled span, of any type): ${ratio(anyCorrect, anyPredicted)}`,
);
console.log(`time: ${(elapsed / samples.length).toFixed(2)} ms per sentence`);
