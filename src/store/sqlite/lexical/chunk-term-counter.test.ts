import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../eval/compare/seeded-random.ts";
import { ChunkTermCounter, type CountedFields } from "./chunk-term-counter.ts";
import { forEachIndexTerm } from "./tokenize-for-index.ts";

/** What the counter must produce: terms in order of first occurrence, with counts per field, and the length. */
function reference(fields: CountedFields) {
  const counts = new Map<string, [number, number, number]>();
  let length = 0;
  for (const [field, text] of [fields.title, fields.headings, fields.body].entries()) {
    forEachIndexTerm(text, (term) => {
      length++;
      const perField = counts.get(term) ?? [0, 0, 0];
      perField[field] = (perField[field] as number) + 1;
      counts.set(term, perField);
    });
  }
  return { length, terms: [...counts] };
}

function counted(counter: ChunkTermCounter, fields: CountedFields) {
  const length = counter.count(fields);
  const terms: Array<[string, [number, number, number]]> = [];
  for (let index = 0; index < counter.touchedCount; index++) {
    const id = counter.touched[index] as number;
    terms.push([
      counter.term(id),
      [
        counter.counts[4 * id + 1] as number,
        counter.counts[4 * id + 2] as number,
        counter.counts[4 * id + 3] as number,
      ],
    ]);
  }
  return { length, terms };
}

const TRICKY = [
  "Crème brûlée: Running JOBS, 3D-printing HTTPException x2 e\u0301cole",
  '漢字 😀 «ελληνικά» a"b ΣΊΣΥΦΟΣ Ωmega İstanbul ı',
  "the 1990s mp3s bm25Retriever H₂O ca² a™b ① Ⅻ ａｂｃ ⓐ",
  "Straße größe ſtraße µs ø å æ œ ł đ ĳ ǆungla ŀ ạ ệ ă ő á̈ ﬁnding ﬀ",
  "x\u00ADy a\u200Bb ab_cd $100 c++ 日本語です \uE000z",
  `caresses ponies happily generalization ${"abcdefghij".repeat(7)}s ${"Abcdefgh".repeat(8)} ${"abcdefgh".repeat(8)}ing`,
  "don’t won't naïve Naive NAIVE café—bar foo–bar cafe\u0301s RUNNING running Running",
  "",
  "   ...   ",
  "a",
  "A1 a1 1a 1A",
];

/** Random text mixing the cases the fast path must hand over: case, digits, long words, non-ASCII letters, separators and diacritics. */
function randomText(next: () => number): string {
  const pieces = [
    "run",
    "Running",
    "RUNS",
    "connection",
    "x2",
    "1990s",
    "caf",
    "é",
    "ß",
    "’",
    "—",
    "α",
    "\u0301",
    "漢",
    "😀",
    " ",
    " ",
    " ",
    "-",
    ".",
    "abcdefghij".repeat(7),
    "Q",
    "zz",
  ];
  let text = "";
  const length = Math.floor(next() * 40);
  for (let index = 0; index < length; index++) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

describe("ChunkTermCounter", () => {
  it("makes exactly the terms of forEachIndexTerm, with their counts per field, on every kind of text", () => {
    const counter = new ChunkTermCounter();
    for (const title of TRICKY) {
      for (const body of TRICKY) {
        const fields = { title, headings: `${body}\n${title}`, body };
        expect(counted(counter, fields), JSON.stringify(fields)).toEqual(reference(fields));
      }
    }
  });

  it("stays exact when its word table starts over, and when it keeps only some terms under new ids", () => {
    const next = seededRandom(7);
    // A small word table, so it is cleared every few dozen chunks.
    for (const counter of [new ChunkTermCounter({ maximumWords: 64 }), new ChunkTermCounter()]) {
      let retained = 0;
      for (let chunk = 0; chunk < 2000; chunk++) {
        if (chunk % 300 === 299) {
          // Keep a random third of the terms; the kept ones move down to ids 0, 1, 2, ...
          const before = Array.from({ length: counter.termCount }, (_, id) => counter.term(id));
          const newIdOf = new Int32Array(before.length).fill(-1);
          let kept = 0;
          for (let id = 0; id < before.length; id++) if (next() < 1 / 3) newIdOf[id] = kept++;
          counter.retain(newIdOf, kept);
          expect(counter.termCount).toBe(kept);
          for (let id = 0; id < before.length; id++) {
            const newId = newIdOf[id] as number;
            if (newId >= 0) expect(counter.term(newId)).toBe(before[id]);
          }
          retained++;
        }
        const fields = { title: randomText(next), headings: randomText(next), body: randomText(next) };
        expect(counted(counter, fields), JSON.stringify(fields)).toEqual(reference(fields));
      }
      expect(retained).toBe(6);
    }
  });

  it("gives a term one id for all the words that stem to it, and counts its memory", () => {
    const counter = new ChunkTermCounter();
    const empty = counter.memoryBytes;
    counter.count({ title: "Connect", headings: "", body: "connected connecting CONNECTS other" });
    expect(counter.touchedCount).toBe(2);
    expect(counter.term(counter.touched[0] as number)).toBe("connect");
    expect(counter.counts[4 * (counter.touched[0] as number) + 3]).toBe(3);
    expect(counter.termCount).toBe(2);
    for (let index = 0; index < 5000; index++)
      counter.count({ title: "", headings: "", body: `word${index}` });
    expect(counter.termCount).toBe(5002);
    expect(counter.memoryBytes).toBeGreaterThan(empty + 5000 * 64);
    counter.retain(new Int32Array(counter.termCount).fill(-1), 0);
    expect(counter.termCount).toBe(0);
    expect(counter.memoryBytes).toBeLessThanOrEqual(empty);
    counter.count({ title: "", headings: "", body: "connected word17" });
    expect(counter.termCount).toBe(2);
  });
});
