import { describe, expect, it } from "vitest";
import { indexTerms } from "./tokenize-for-index.ts";

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

  it("keeps non-Latin words whole and drops symbols and emoji", () => {
    expect(indexTerms('漢字 🙂 «ελληνικά» a"b')).toEqual(["漢字", "ελληνικα", "a", "b"]);
  });

  it("gives a query word and its inflected forms in text the same term", () => {
    expect(indexTerms("connections connected connecting")).toEqual(["connect", "connect", "connect"]);
  });
});
