import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { Command } from "commander";
import { agreementWithHumans, formatAgreement } from "../../eval/review/agreement-with-humans.ts";
import { buildReviewQueue, type ReviewItem } from "../../eval/review/build-review-queue.ts";
import {
  labelsPathFor,
  type ReviewLabels,
  readReviewLabels,
  withLabel,
  writeReviewLabels,
} from "../../eval/review/review-labels.ts";
import { readRunFile } from "../../eval/runner/read-run-file.ts";
import { type CommandEnvironment, collect } from "../command-context.ts";

interface ReviewOptions {
  readonly mark?: readonly string[];
  readonly all?: boolean;
  readonly labels?: string;
}

/** `docent review <run.json>`: walks the review queue in the terminal and stores human labels. */
export function reviewCommand(
  environment: CommandEnvironment,
  input: NodeJS.ReadableStream = process.stdin,
): Command {
  return new Command("review")
    .description(
      "Walk the review queue of a run in the terminal: cases where scorers disagree, where the judge " +
        "disagrees or is unsure, flaky cases and cases you marked. For each, see the question, answer, " +
        "sources and scorer reasons, and record pass or fail with a note. Labels are saved to " +
        "<run>.labels.json after every answer and override automatic verdicts in `docent eval report` " +
        "and `docent eval compare`.",
    )
    .argument("<run.json>", "run file written by docent eval run --out")
    .option("--mark <case-id>", "also queue this case (repeatable)", collect)
    .option("--all", "queue every case, labelled or not")
    .option("--labels <file>", "labels file (default <run>.labels.json next to the run)")
    .addHelpText(
      "after",
      "\nExample:\n  docent review run.json --mark supported-formats\n  (answer p = pass, f = fail, s = skip, q = quit; then an optional note)\n",
    )
    .action(async (file: string, options: ReviewOptions) => {
      const runPath = resolve(environment.cwd, file);
      const run = readRunFile(runPath);
      const labelsPath = options.labels ? resolve(environment.cwd, options.labels) : labelsPathFor(runPath);
      let labels: ReviewLabels = readReviewLabels(labelsPath, run.id);
      const queue = options.all
        ? run.cases.map((result): ReviewItem => ({ result, reasons: ["marked"] }))
        : buildReviewQueue(run.cases, {
            marked: new Set(options.mark ?? []),
            labelled: new Set(labels.labels.map((label) => label.caseId)),
          });
      const out = environment.stdout;
      if (queue.length === 0) {
        out.write("The review queue is empty: no case needs a human verdict.\n");
        printAgreement(labels, environment);
        return;
      }
      const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
      const ask = async (prompt: string): Promise<string | null> => {
        out.write(prompt);
        const next = await lines.next();
        return next.done ? null : String(next.value).trim();
      };
      let labelled = 0;
      for (const [index, item] of queue.entries()) {
        out.write(`\n${formatReviewItem(item, index + 1, queue.length)}`);
        let verdict: string | null = null;
        while (verdict === null || !["p", "f", "s", "q"].includes(verdict)) {
          const reply = await ask("Verdict? [p]ass / [f]ail / [s]kip / [q]uit: ");
          if (reply === null) verdict = "q";
          else if (reply !== "") verdict = reply.toLowerCase().slice(0, 1);
        }
        if (verdict === "q") break;
        if (verdict === "s") continue;
        const note = (await ask("Note (optional, Enter to skip): ")) ?? "";
        const judge = item.result.scores.find((score) => score.name === "judge");
        labels = withLabel(labels, {
          caseId: item.result.id,
          pass: verdict === "p",
          note,
          labelledAt: new Date().toISOString(),
          automaticPass: item.result.pass,
          judgePass: judge ? judge.pass : null,
        });
        writeReviewLabels(labelsPath, labels);
        labelled += 1;
      }
      out.write(`\nRecorded ${labelled} label(s) in ${labelsPath}.\n`);
      printAgreement(labels, environment);
    });
}

function printAgreement(labels: ReviewLabels, environment: CommandEnvironment): void {
  if (labels.labels.length === 0) return;
  environment.stdout.write(`${formatAgreement(agreementWithHumans(labels))}\n`);
}

/** What a reviewer sees of one case. */
export function formatReviewItem(item: ReviewItem, position: number, total: number): string {
  const { result } = item;
  const lines = [
    `── ${position}/${total}  ${result.id} (${result.kind})  automatic verdict: ${result.pass ? "pass" : "fail"}  queued because: ${item.reasons.join(", ")}`,
    `Question: ${result.question}`,
    `Answer${result.refused ? " (refused)" : ""}:`,
    ...result.answer.split("\n").map((line) => `  ${line}`),
    "Sources:",
    ...(result.citations.length > 0
      ? result.citations.map((citation) => `  [${citation.n}] ${citation.title}: ${citation.url}`)
      : result.retrieved.slice(0, 5).map((item) => `  (retrieved) ${item.title}: ${item.url}`)),
    "Scorers:",
    ...result.scores.map((score) => `  ${score.pass ? "pass" : "FAIL"}  ${score.name}: ${score.reason}`),
  ];
  return `${lines.join("\n")}\n`;
}
