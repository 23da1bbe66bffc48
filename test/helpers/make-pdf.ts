/** Options of {@link makePdf}. */
export interface MakePdfOptions {
  /** `Title` in the document information dictionary. */
  readonly title?: string;
  /**
   * Adds an `/Encrypt` dictionary (standard security handler, RC4 40-bit) whose user password is
   * not empty, so a reader cannot open the file without a password.
   */
  readonly encrypted?: boolean;
}

/**
 * Writes a small, valid PDF 1.4 file by hand: one page per entry of `pages`, each line of a page
 * drawn in Helvetica. Offsets in the cross-reference table are computed, so readers accept it
 * without repair. Only ASCII text is supported (enough for fixtures).
 */
export function makePdf(pages: ReadonlyArray<readonly string[]>, options: MakePdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add(""); // filled once the page tree's number is known
  const pagesObject = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const pageNumbers: number[] = [];
  for (const lines of pages) {
    const operations = lines
      .map((line, index) => `BT /F1 12 Tf 72 ${720 - index * 18} Td (${escapePdfText(line)}) Tj ET`)
      .join("\n");
    const content = add(`<< /Length ${operations.length} >>\nstream\n${operations}\nendstream`);
    pageNumbers.push(
      add(
        `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObject} 0 R >>`;
  objects[pagesObject - 1] =
    `<< /Type /Pages /Kids [${pageNumbers.map((number) => `${number} 0 R`).join(" ")}] /Count ${pageNumbers.length} >>`;
  const info = add(`<< /Title (${escapePdfText(options.title ?? "Fixture")}) /Producer (docent tests) >>`);
  const encrypt = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /O <${"4f".repeat(32)}> /U <${"55".repeat(32)}> /P -44 >>`)
    : null;

  let output = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n";
  const offsets: number[] = [];
  for (const [index, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(output, "latin1"));
    output += `${index + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xrefOffset = Buffer.byteLength(output, "latin1");
  output += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) output += `${String(offset).padStart(10, "0")} 00000 n \n`;
  const id = "0123456789abcdef0123456789abcdef";
  output += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>]${encrypt === null ? "" : ` /Encrypt ${encrypt} 0 R`} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(output, "latin1"));
}

function escapePdfText(text: string): string {
  return text.replace(/[\\()]/gu, (character) => `\\${character}`);
}
