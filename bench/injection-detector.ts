/**
 * Measures `detectInjection`.
 *
 *   node bench/injection-detector.ts [--show-misses] [--show-flagged]
 *
 * Positives: BIPIA's attack instruction catalogues (`injection/bipia/text_attack_train.json`,
 * `code_attack_train.json`), each string as BIPIA inserts it into a context. Negatives:
 * NotInject (`injection/notinject/dev.json`), benign prompts full of trigger words. Also
 * reports how many units (sentences, list items, table rows) of the FastAPI docs it flags: those
 * docs are benign, so every flag there is a sentence the extractive answerer would lose.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { splitIntoUnits } from "../src/answer/split-into-units.ts";
import { detectInjection } from "../src/guard/detect-injection.ts";
import { datasetsRoot } from "../test/helpers/datasets.ts";

const { values } = parseArgs({
  options: {
    "show-misses": { type: "boolean", default: false },
    "show-flagged": { type: "boolean", default: false },
  },
});

const root = datasetsRoot();
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), "utf8"));

const attacks: Array<{ group: string; category: string; text: string }> = [];
for (const [group, file] of [
  ["text", "injection/bipia/text_attack_train.json"],
  ["code", "injection/bipia/code_attack_train.json"],
] as const) {
  const catalogue = readJson(file) as Record<string, string[]>;
  for (const [category, texts] of Object.entries(catalogue)) {
    for (const text of texts) attacks.push({ group, category, text });
  }
}
const benign = (readJson("injection/notinject/dev.json") as Array<{ prompt: string; category: string }>).map(
  (row) => ({ category: row.category, text: row.prompt }),
);

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

function report(label: string, positives: typeof attacks) {
  const truePositives = positives.filter((attack) => detectInjection(attack.text).flagged).length;
  const falsePositives = benign.filter((row) => detectInjection(row.text).flagged).length;
  const precision =
    truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives / positives.length;
  console.log(
    `${label.padEnd(26)} precision ${percent(precision).padStart(6)}  recall ${percent(recall).padStart(6)} ` +
      `(${truePositives}/${positives.length})  false-positive rate ${percent(falsePositives / benign.length)} ` +
      `(${falsePositives}/${benign.length} NotInject)`,
  );
}

console.log(`BIPIA attacks: ${attacks.length}; NotInject benign prompts: ${benign.length}\n`);
report("BIPIA text + code", attacks);
report(
  "BIPIA text attacks",
  attacks.filter((attack) => attack.group === "text"),
);
report(
  "BIPIA code attacks",
  attacks.filter((attack) => attack.group === "code"),
);

console.log("\nRecall by BIPIA category:");
const categories = [...new Set(attacks.map((attack) => `${attack.group}: ${attack.category}`))];
for (const category of categories) {
  const members = attacks.filter((attack) => `${attack.group}: ${attack.category}` === category);
  const caught = members.filter((attack) => detectInjection(attack.text).flagged).length;
  console.log(`  ${category.padEnd(44)} ${caught}/${members.length}`);
}

const flaggedBenign = benign.filter((row) => detectInjection(row.text).flagged);
if (flaggedBenign.length > 0) {
  console.log("\nNotInject prompts flagged (false positives):");
  for (const row of flaggedBenign)
    console.log(`  [${detectInjection(row.text).reasons.join(",")}] ${row.text}`);
}
if (values["show-misses"]) {
  console.log("\nMissed attacks:");
  for (const attack of attacks.filter((item) => !detectInjection(item.text).flagged)) {
    console.log(`  (${attack.category}) ${attack.text.split("\n")[0]}`);
  }
}

// Benign documentation: the FastAPI docs.
const docsFolder = join(root, "fastapi-docs", "docs");
const files: string[] = [];
const walk = (folder: string) => {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".md")) files.push(path);
  }
};
walk(docsFolder);
let units = 0;
const flaggedUnits: Array<{ file: string; text: string; reasons: string[] }> = [];
for (const file of files) {
  for (const unit of splitIntoUnits(readFileSync(file, "utf8"))) {
    if (unit.kind === "code") continue;
    units += 1;
    const verdict = detectInjection(unit.text);
    if (verdict.flagged)
      flaggedUnits.push({ file: relative(docsFolder, file), text: unit.text, reasons: verdict.reasons });
  }
}
console.log(
  `\nFastAPI docs (benign): ${flaggedUnits.length} of ${units} units flagged (${percent(flaggedUnits.length / units)}) in ${files.length} pages.`,
);
if (values["show-flagged"] || flaggedUnits.length <= 20) {
  for (const unit of flaggedUnits)
    console.log(`  ${unit.file} [${unit.reasons.join(",")}] ${unit.text.slice(0, 160)}`);
}
