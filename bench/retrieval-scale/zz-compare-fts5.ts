// temporary exploration script (issue 8): new lexical index vs FTS5 bm25 on an ingested index
import BetterSqlite3 from "better-sqlite3";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { createLexicalIndex } from "../../src/store/sqlite/lexical/create-lexical-index.ts";
import { queryTerms } from "../../src/retrieve/analyze-text.ts";
import { buildMatchExpression } from "../../src/store/sqlite/build-match-expression.ts";
const [dbPath, ...suiteFiles] = process.argv.slice(2);
const db = new BetterSqlite3(dbPath!, { readonly: true });
const mem = new BetterSqlite3(":memory:");
mem.exec(`CREATE VIRTUAL TABLE f USING fts5(title, headings, body, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE v USING fts5vocab(f, row);`);
const ins = mem.prepare("INSERT INTO f(rowid,title,headings,body) VALUES (?,?,?,?)");
const rows = db.prepare("SELECT fts_rowid, title, heading_path, text FROM chunks ORDER BY fts_rowid").all() as any[];
mem.transaction(() => { for (const r of rows) ins.run(r.fts_rowid, r.title, JSON.parse(r.heading_path).join("\n"), r.text); })();
// vocab diff
const ftsVocab = new Map((mem.prepare("SELECT term, doc FROM v").all() as any[]).map((r) => [r.term, r.doc]));
const ours = new Map<string, number>();
for (const r of db.prepare("SELECT term, doc_count FROM lexical_postings").all() as any[]) ours.set(r.term, (ours.get(r.term) ?? 0) + r.doc_count);
const onlyFts = [...ftsVocab].filter(([t, n]) => ours.get(t) !== n);
const onlyOurs = [...ours].filter(([t, n]) => ftsVocab.get(t) !== n);
console.log("chunks", rows.length, "vocab fts", ftsVocab.size, "ours", ours.size);
console.log("differ fts side", onlyFts.length, onlyFts.slice(0, 40));
console.log("differ our side", onlyOurs.length, onlyOurs.slice(0, 40));
const weights = { title: 5.2, headings: 2.6, body: 1.3 };
const lexical = createLexicalIndex(db);
const search = mem.prepare("SELECT rowid, -bm25(f, ?, ?, ?) AS score FROM f WHERE f MATCH ? ORDER BY bm25(f, ?, ?, ?), rowid LIMIT ?").raw(true);
let questions: string[] = [];
for (const f of suiteFiles) for (const c of (parse(readFileSync(f, "utf8")) as any).cases ?? []) questions.push(c.question ?? c.input ?? "");
if (suiteFiles.length === 0) questions = (readFileSync(0, "utf8").split("\n").filter(Boolean));
let differ = 0, orderDiffer = 0;
for (const q of questions) {
  const terms = queryTerms(q);
  const match = buildMatchExpression(terms);
  if (!match) continue;
  const a = search.all(weights.title, weights.headings, weights.body, match, weights.title, weights.headings, weights.body, 50) as [number, number][];
  const b = lexical.search(terms, weights, 50);
  const same = a.length === b.length && a.every(([d], i) => d === b[i]!.doc);
  const maxRel = Math.max(0, ...a.map(([d, s], i) => (b[i] && b[i]!.doc === d ? Math.abs(s - b[i]!.score) / s : 0)));
  if (!same) { differ++; const firstDiff = a.findIndex(([d], i) => d !== b[i]?.doc); console.log("DIFF", JSON.stringify(q), terms.join(","), "first diff at", firstDiff, a.slice(Math.max(0, firstDiff - 1), firstDiff + 3), b.slice(Math.max(0, firstDiff - 1), firstDiff + 3)); }
  else if (maxRel > 1e-12) { orderDiffer++; console.log("score rel diff", maxRel, q); }
}
console.log({ questions: questions.length, differ, scoreOnly: orderDiffer });
