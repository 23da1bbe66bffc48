import { describe, expect, it } from "vitest";
import { decodeText } from "./decode-text.ts";
import { parseSourceFile } from "./parse-source-file.ts";

/** Latin-1 / windows-1252 bytes of an ASCII string with "é" (0xE9) where `é` appears. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((character) => character.charCodeAt(0)));
}

const decoded = (bytes: Uint8Array, options: Parameters<typeof decodeText>[1]) => {
  const result = decodeText(bytes, options);
  return result.kind === "text" ? result.text : `invalid: ${result.reason}`;
};

describe("decodeText", () => {
  it("honours <meta charset> in an HTML page without an HTTP charset", () => {
    const page = latin1(
      '<html><head><meta charset="windows-1252"></head><body>Caf\u00e9 cr\u00e8me</body></html>',
    );
    expect(decoded(page, { html: true })).toContain("Café crème");
  });

  it('honours <meta http-equiv="Content-Type" content="...; charset=..."> too', () => {
    const page = latin1(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><title>x</title></head><body>na\u00efve</body></html>',
    );
    const result = decodeText(page, { html: true });
    expect(result).toMatchObject({ kind: "text", encoding: "windows-1252" });
    expect(result.kind === "text" && result.text).toContain("naïve");
  });

  it("decodes multi-byte legacy encodings (Shift_JIS) declared in the page", () => {
    const head = new TextEncoder().encode('<meta charset="shift_jis"><p>');
    const nihon = [0x93, 0xfa, 0x96, 0x7b]; // 日本 in Shift_JIS
    expect(decoded(Uint8Array.from([...head, ...nihon]), { html: true })).toContain("日本");
  });

  it("lets the HTTP charset win over <meta>, and a byte order mark win over both", () => {
    const page = latin1('<meta charset="utf-8"><p>caf\u00e9</p>');
    expect(decoded(page, { html: true, charset: "iso-8859-1" })).toContain("café");
    const utf8WithBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<p>café</p>")]);
    expect(decoded(utf8WithBom, { html: true, charset: "iso-8859-1" })).toBe("<p>café</p>");
  });

  it("ignores an unknown HTTP charset label and sniffs the page instead", () => {
    const page = latin1('<meta charset="windows-1252"><p>caf\u00e9</p>');
    expect(decoded(page, { html: true, charset: "no-such-charset" })).toContain("café");
  });

  it("reads UTF-16 text with a byte order mark (and does not mistake its NUL bytes for binary)", () => {
    const text = "# Titel\n\nGrüße";
    const le = [0xff, 0xfe];
    for (const code of text) le.push((code.codePointAt(0) ?? 0) & 0xff, (code.codePointAt(0) ?? 0) >> 8);
    expect(decoded(Uint8Array.from(le), {})).toBe(text);
  });

  it("rejects invalid UTF-8 when nothing declares another encoding, and NUL bytes as binary", () => {
    expect(decoded(latin1("caf\u00e9"), {})).toMatch(/invalid: not valid UTF-8/u);
    expect(decoded(latin1("<p>caf\u00e9</p>"), { html: true })).toMatch(/invalid: not valid UTF-8/u);
    expect(decoded(Uint8Array.from([0x61, 0, 0x62]), { html: true })).toMatch(/invalid: binary file/u);
  });

  it("gives a folder's windows-1252 HTML file correct text through parseSourceFile", async () => {
    const bytes = latin1(
      '<!doctype html><html><head><meta charset="windows-1252"><title>T</title></head><body><main><h1 id="r">R\u00e9sum\u00e9</h1><p>Cr\u00e8me br\u00fbl\u00e9e recipe.</p></main></body></html>',
    );
    const parsed = await parseSourceFile({ source: "page.html", bytes, contentHash: "h" });
    expect(parsed.kind).toBe("document");
    if (parsed.kind === "document") {
      expect(parsed.document.title).toBe("Résumé");
      expect(JSON.stringify(parsed.document.blocks)).toContain("Crème brûlée recipe.");
    }
  });
});
