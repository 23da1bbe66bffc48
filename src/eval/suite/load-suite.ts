import { readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { DocentError } from "../../core/errors.ts";
import { sha256 } from "../../core/hash.ts";
import { type EvalCase, evalCaseSchema } from "./eval-case.ts";

/** A problem in a suite file, located precisely enough to fix it. */
export interface SuiteProblem {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** The field at fault, e.g. `cases[3].mustContain[1]`, or `(file)`. */
  readonly field: string;
  readonly message: string;
}

/** A loaded, validated suite. */
export interface Suite {
  /** The path as given. */
  readonly file: string;
  /** `name:` of a YAML suite, else the file name without extension. */
  readonly name: string;
  readonly description: string;
  /** sha256 of the file's bytes: two runs compare like with like only when the hashes match. */
  readonly hash: string;
  /** Absolute paths of folders whose pages are planted into the evaluated copy of the docs. */
  readonly plant: readonly string[];
  readonly cases: readonly EvalCase[];
}

const SUITE_KEYS = new Set(["name", "description", "plant", "cases"]);

/** Reads a `.yaml`/`.yml` or `.jsonl` suite; throws `INPUT_INVALID` listing every problem found. */
export function loadSuite(file: string, cwd: string = process.cwd()): Suite {
  const absolute = resolve(cwd, file);
  let source: string;
  try {
    source = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new DocentError("SOURCE_NOT_FOUND", `Cannot read suite ${file}: check the path`, {
      details: { file },
      cause: error,
    });
  }
  const extension = extname(file).toLowerCase();
  const problems: SuiteProblem[] = [];
  const parsed =
    extension === ".jsonl"
      ? parseJsonlSuite(file, source, problems)
      : extension === ".yaml" || extension === ".yml"
        ? parseYamlSuite(file, source, problems)
        : null;
  if (parsed === null) {
    throw new DocentError("INPUT_INVALID", `Suite ${file} must end in .yaml, .yml or .jsonl`, {
      details: { file },
    });
  }
  checkDuplicateIds(parsed.cases, problems);
  throwIfProblems(problems);
  const baseName = file.replace(/^.*[\\/]/u, "").replace(/\.[^.]+$/u, "");
  return {
    file,
    name: parsed.name ?? baseName,
    description: parsed.description ?? "",
    hash: sha256(source),
    plant: parsed.plant.map((folder) => resolve(dirname(absolute), folder)),
    cases: parsed.cases,
  };
}

/** Loads several suites and checks that case ids are unique across all of them. */
export function loadSuites(files: readonly string[], cwd: string = process.cwd()): Suite[] {
  const suites = files.map((file) => loadSuite(file, cwd));
  const problems: SuiteProblem[] = [];
  checkDuplicateIds(
    suites.flatMap((suite) => suite.cases),
    problems,
  );
  throwIfProblems(problems);
  return suites;
}

/** Formats problems as `file:line: field: message` lines. */
export function formatSuiteProblems(problems: readonly SuiteProblem[]): string {
  return problems
    .map((problem) => `${problem.file}:${problem.line}: ${problem.field}: ${problem.message}`)
    .join("\n");
}

function throwIfProblems(problems: readonly SuiteProblem[]): void {
  if (problems.length === 0) return;
  throw new DocentError(
    "INPUT_INVALID",
    `Invalid suite (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${formatSuiteProblems(problems)}`,
    { details: { problems } },
  );
}

interface ParsedSuite {
  name?: string;
  description?: string;
  plant: string[];
  cases: EvalCase[];
}

function parseJsonlSuite(file: string, source: string, problems: SuiteProblem[]): ParsedSuite {
  const cases: EvalCase[] = [];
  for (const [index, raw] of source.split(/\r?\n/u).entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ file, line, field: "(line)", message: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const result = evalCaseSchema.safeParse(value);
    if (!result.success) {
      for (const issue of expandIssues(result.error.issues)) {
        problems.push({ file, line, field: formatPath(issue.path), message: issue.message });
      }
      continue;
    }
    cases.push({ ...result.data, origin: { file, line } });
  }
  return { plant: [], cases };
}

function parseYamlSuite(file: string, source: string, problems: SuiteProblem[]): ParsedSuite {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  for (const error of document.errors) {
    problems.push({
      file,
      line: error.linePos?.[0]?.line ?? 1,
      field: "(yaml)",
      message: error.message.split("\n")[0] ?? error.message,
    });
  }
  if (document.errors.length > 0) return { plant: [], cases: [] };
  const root = document.contents;
  const suite: ParsedSuite = { plant: [], cases: [] };
  let casesNode: Node | null = null;
  let prefix = "";
  if (isSeq(root)) {
    casesNode = root;
  } else if (isMap(root)) {
    prefix = "cases";
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const valueNode = pair.value as Node | null;
      const value: unknown = isScalar(valueNode) ? valueNode.value : valueNode?.toJSON();
      if (!SUITE_KEYS.has(key)) {
        problems.push({
          file,
          line: lineOf(pair.key as Node),
          field: key,
          message: `unknown suite field; accepted: ${[...SUITE_KEYS].join(", ")}`,
        });
      } else if (key === "cases") {
        casesNode = valueNode;
      } else if (key === "plant") {
        if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
          problems.push({
            file,
            line: lineOf(valueNode),
            field: key,
            message: "must be a list of folder paths",
          });
        } else suite.plant = value as string[];
      } else if (typeof value !== "string") {
        problems.push({ file, line: lineOf(valueNode), field: key, message: "must be a string" });
      } else if (key === "name") suite.name = value;
      else suite.description = value;
    }
  }
  if (!isSeq(casesNode)) {
    problems.push({
      file,
      line: lineOf(casesNode ?? (root as Node | null)),
      field: prefix || "(file)",
      message: "a suite is a list of cases, or a mapping with a `cases:` list",
    });
    return suite;
  }
  for (const [index, item] of casesNode.items.entries()) {
    const itemNode = item as Node;
    const field = (path: readonly PropertyKey[]) => formatPath([...(prefix ? [prefix] : []), index, ...path]);
    const result = evalCaseSchema.safeParse(itemNode?.toJSON?.() ?? item);
    if (!result.success) {
      for (const issue of expandIssues(result.error.issues)) {
        problems.push({
          file,
          line: lineOf(nodeAt(itemNode, issue.path, issue.key)),
          field: field(issue.path),
          message: issue.message,
        });
      }
      continue;
    }
    suite.cases.push({ ...result.data, origin: { file, line: lineOf(itemNode) } });
  }
  return suite;
}

interface FlatIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** For an unknown field: the key itself (so its own line can be found). */
  readonly key?: string;
}

/** One issue per unknown key, with readable messages. */
function expandIssues(issues: readonly z.core.$ZodIssue[]): FlatIssue[] {
  const flat: FlatIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        flat.push({
          path: [...issue.path, key],
          key,
          message: `unknown field; accepted: ${Object.keys(evalCaseSchema.shape).join(", ")}`,
        });
      }
    } else if (issue.code === "invalid_type" && issue.message.includes("received undefined")) {
      flat.push({ path: issue.path, message: "is required" });
    } else {
      flat.push({ path: issue.path, message: issue.message });
    }
  }
  return flat;
}

/** The YAML node at a path (or the key node of an unknown field), for its line. */
function nodeAt(start: Node | null, path: readonly PropertyKey[], unknownKey?: string): Node | null {
  let node: Node | null = start;
  let last: Node | null = start;
  for (const [position, step] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === step);
      if (!pair) return last;
      if (unknownKey !== undefined && position === path.length - 1) return pair.key as Node;
      last = (pair.value as Node | null) ?? (pair.key as Node);
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof step === "number") {
      node = (node.items[step] as Node | undefined) ?? null;
      if (node) last = node;
    } else {
      return last;
    }
  }
  return last;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const step of path)
    out += typeof step === "number" ? `[${step}]` : out === "" ? String(step) : `.${String(step)}`;
  return out || "(case)";
}

function checkDuplicateIds(cases: readonly EvalCase[], problems: SuiteProblem[]): void {
  const first = new Map<string, EvalCase>();
  for (const evalCase of cases) {
    const previous = first.get(evalCase.id);
    if (previous) {
      problems.push({
        file: evalCase.origin.file,
        line: evalCase.origin.line,
        field: "id",
        message: `duplicate id "${evalCase.id}" (first used at ${previous.origin.file}:${previous.origin.line})`,
      });
    } else first.set(evalCase.id, evalCase);
  }
}
