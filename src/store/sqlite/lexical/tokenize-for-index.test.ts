import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { indexTerms } from "./tokenize-for-index.ts";

/** The terms SQLite FTS5's `porter unicode61 remove_diacritics 2` tokenizer makes of each text. */
function fts5Terms(texts: readonly string[]): string[][] {
  const database = new BetterSqlite3(":memory:");
  database.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);`);
  const insert = database.prepare("INSERT INTO t (rowid, body) VALUES (?, ?)");
  for (const [index, text] of texts.entries()) insert.run(index + 1, text);
  const terms: string[][] = texts.map(() => []);
  for (const row of database.prepare("SELECT term, doc FROM v ORDER BY doc, col, offset").all() as Array<{
    term: string;
    doc: number;
  }>) {
    terms[row.doc - 1]?.push(row.term);
  }
  database.close();
  return terms;
}

describe("indexTerms", () => {
  it("splits on anything but letters and digits, folds case and diacritics, and stems English words", () => {
    expect(indexTerms("Crème brûlée: Running JOBS, 3D-printing HTTPException x2")).toEqual([
      "creme",
      "brule",
      "run",
      "job",
      "3d",
      "print",
      "httpexcept",
      "x2",
    ]);
  });

  it("gives a query word and its inflected forms in text the same term", () => {
    expect(indexTerms("connections connected connecting")).toEqual(["connect", "connect", "connect"]);
  });

  it("makes the same terms as FTS5's porter unicode61 tokenizer, for English and other scripts", () => {
    const texts = [
      "Crème brûlée: Running JOBS, 3D-printing HTTPException x2 e\u0301cole",
      '漢字 😀 «ελληνικά» a"b ΣΊΣΥΦΟΣ Ωmega İstanbul ı',
      "the 1990s mp3s bm25Retriever H₂O ca² a™b ① Ⅻ ａｂｃ ⓐ",
      "Straße größe ſtraße µs ø å æ œ ł đ ĳ ǆungla ŀ ạ ệ ă ő á̈ ﬁnding ﬀ",
      "x\u00ADy a\u200Bb ab_cd $100 c++ 日本語です \uE000z",
      `caresses ponies happily generalization ${"abcdefghij".repeat(7)}s`,
    ];
    const expected = fts5Terms(texts);
    for (const [index, text] of texts.entries()) expect(indexTerms(text), text).toEqual(expected[index]);
  });

  it("agrees with FTS5 on every Latin, Greek and Cyrillic letter and on combining marks", () => {
    const texts: string[] = [];
    const codePoints = [0xa0, 0x530, 0x1e00, 0x1f00].flatMap((from, index, bounds) =>
      index % 2 === 0
        ? Array.from({ length: (bounds[index + 1] as number) - from }, (_, offset) => from + offset)
        : [],
    );
    for (const codePoint of codePoints) {
      const character = String.fromCodePoint(codePoint);
      // Porter treats a doubled "y" differently in FTS5's C code; no English word has one.
      if (/^[ýÿŷŶŸȳȲÝỲỳỴỵỶỷỸỹẎẏẙ]$/u.test(character)) continue;
      // Letters added to Unicode after 6.1 (FTS5's tables) are letters here and unknown there.
      if (codePoint === 0x37f) continue;
      if (codePoint >= 0x528 && codePoint <= 0x52f) continue;
      texts.push(`q${character}q ${character}${character}ing ${character}`);
    }
    const expected = fts5Terms(texts);
    const differing = texts.filter(
      (text, index) => JSON.stringify(indexTerms(text)) !== JSON.stringify(expected[index]),
    );
    expect(differing).toEqual([]);
  });
});
