// temporary exploration (issue 8): our index terms vs FTS5's vocabulary over the bench corpus
import BetterSqlite3 from "better-sqlite3";
import { buildCorpus } from "./build-corpus.ts";
import { forEachIndexTerm } from "../../src/store/sqlite/lexical/tokenize-for-index.ts";
const corpus = buildCorpus(process.env.DOCENT_DATASETS!, Number(process.argv[2] ?? 7000));
const mem = new BetterSqlite3(":memory:");
mem.exec(`CREATE VIRTUAL TABLE f USING fts5(body, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(f, row);`);
const ins = mem.prepare("INSERT INTO f(rowid, body) VALUES (?,?)");
const ours = new Map<string, number>();
let lenOurs = 0;
mem.transaction(() => corpus.chunks.forEach((c, i) => { ins.run(i + 1, c.title + "\n" + c.text); const seen = new Set<string>(); forEachIndexTerm(c.title + "\n" + c.text, (t) => { lenOurs++; seen.add(t); }); for (const t of seen) ours.set(t, (ours.get(t) ?? 0) + 1); }))();
const fts = new Map((mem.prepare("SELECT term, doc FROM v").all() as any[]).map((r) => [r.term as string, r.doc as number]));
const a = [...fts].filter(([t, n]) => ours.get(t) !== n); const b = [...ours].filter(([t, n]) => fts.get(t) !== n);
console.log("vocab", fts.size, ours.size, "differ", a.length, b.length);
console.log(a.slice(0, 60).map(([t]) => t).join(" "));
console.log(b.slice(0, 60).map(([t]) => t).join(" "));
