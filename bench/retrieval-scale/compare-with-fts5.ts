/**
 * Compares Docent's lexical index with SQLite FTS5's bm25() on an ingested index: the vocabulary
 * (terms and document counts), and the top 50 of every question in the given eval suites (ids
 * and scores, bit for bit). Prints the differences.
 *
 *   node bench/retrieval-scale/compare-with-fts5.ts .docent/index.db eval/suites/*.yaml
 */
import { readFileSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { parse } from "yaml";
import { queryTerms } from "../../src/retrieve/analyze-text.ts";
import { buildMatchExpression } from "../../src/store/sqlite/build-match-expression.ts";
import { createLexicalIndex } from "../../src/store/sqlite/lexical/create-lexical-index.ts";

const [indexPath = ".docent/index.db", ...suiteFiles] = process.argv.slice(2);
const WEIGHTS = { title: 5.2, headings: 2.6, body: 1.3 };
const database = new BetterSqlite3(indexPath, { readonly: true });
const reference = new BetterSqlite3(":memory:");
reference.exec(`CREATE VIRTUAL TABLE f USING fts5(title, headings, body, content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE v USING fts5vocab(f, row);`);
const insert = reference.prepare("INSERT INTO f (rowid, title, headings, body) VALUES (?, ?, ?, ?)");
const chunks = database
  .prepare("SELECT fts_rowid, title, heading_path, text FROM chunks ORDER BY fts_rowid")
  .raw(true)
  .all() as Array<[number, string, string, string]>;
reference.transaction(() => {
  for (const [rowid, title, headingPath, text] of chunks)
    insert.run(rowid, title, (JSON.parse(headingPath) as string[]).join("\n"), text);
})();

const ftsVocabulary = new Map(
  reference.prepare("SELECT term, doc FROM v").raw(true).all() as Array<[string, number]>,
);
const ourVocabulary = new Map<string, number>();
for (const [term, count] of database
  .prepare("SELECT term, doc_count FROM lexical_postings")
  .raw(true)
  .all() as Array<[string, number]>) {
  ourVocabulary.set(term, (ourVocabulary.get(term) ?? 0) + count);
}
const differ = (left: Map<string, number>, right: Map<string, number>) =>
  [...left].filter(([term, count]) => right.get(term) !== count).map(([term]) => term);
console.log(`chunks ${chunks.length}; vocabulary FTS5 ${ftsVocabulary.size}, Docent ${ourVocabulary.size}`);
console.log(
  `terms only or differently counted in FTS5: ${differ(ftsVocabulary, ourVocabulary).slice(0, 40).join(" ")}`,
);
console.log(
  `terms only or differently counted in Docent: ${differ(ourVocabulary, ftsVocabulary).slice(0, 40).join(" ")}`,
);

const search = reference
  .prepare("SELECT rowid, bm25(f, ?, ?, ?) FROM f WHERE f MATCH ? ORDER BY bm25(f, ?, ?, ?), rowid LIMIT 50")
  .raw(true);
const lexical = createLexicalIndex(database);
const questions = suiteFiles.flatMap(
  (file) => (parse(readFileSync(file, "utf8")) as { cases?: Array<{ question?: string }> }).cases ?? [],
);
let different = 0;
for (const { question = "" } of questions) {
  const terms = queryTerms(question);
  const match = buildMatchExpression(terms);
  if (match === null) continue;
  const { title, headings, body } = WEIGHTS;
  const expected = (
    search.all(title, headings, body, match, title, headings, body) as Array<[number, number]>
  ).map(([doc, score]) => ({ doc, score: -score }));
  const actual = lexical.search(terms, WEIGHTS, 50);
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    different++;
    console.log(
      `differs: ${question}\n  FTS5   ${JSON.stringify(expected.slice(0, 5))}\n  Docent ${JSON.stringify(actual.slice(0, 5))}`,
    );
  }
}
console.log(`${questions.length} questions, ${different} with a different top 50 (ids or scores)`);
