import BetterSqlite3 from "better-sqlite3";
import { indexTerms } from "../../src/store/sqlite/lexical/tokenize-for-index.ts";
const mem = new BetterSqlite3(":memory:");
mem.exec(`CREATE VIRTUAL TABLE f USING fts5(body, tokenize='porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(f, instance);`);
const samples = ["e\u0301cole", "école", "ﬁnding", "H₂O", "ca²", "a™b", "naïve", "Straße", "größe", "ǆungla", "İstanbul", "ΣΊΣΥΦΟΣ", "x\u00ADy", "a\u200Bb", "ab_cd", "$100", "c++", "日本語です", "👍ok", "\uE000z", "1990s", "mp3s", "bm25retriever", "Ωmega", "ø å æ œ", "ﬀ", "Ⅻ", "①", "µs", "ſtraße", "ł", "đ", "ı", "ĳ", "č ř", "Ǆ", "ạ ệ", "ă", "ő", "ŀ", "á̈", "ꞵ", "ａｂｃ", "ⓐ", "AS Is", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijs", "caresses ponies happily", "généralement", "Ñandú"];
const ins = mem.prepare("INSERT INTO f(rowid, body) VALUES (?, ?)");
samples.forEach((s, i) => ins.run(i + 1, s));
const rows = mem.prepare("SELECT term, doc, offset FROM v ORDER BY doc, offset").all() as any[];
let bad = 0;
samples.forEach((s, i) => {
  const fts = rows.filter((r) => r.doc === i + 1).map((r) => r.term);
  const ours = indexTerms(s);
  const same = JSON.stringify(fts) === JSON.stringify(ours);
  if (!same) bad++;
  console.log(same ? "  " : "XX", JSON.stringify(s), JSON.stringify(fts), JSON.stringify(ours));
});
console.log("mismatch", bad);
