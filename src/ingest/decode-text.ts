import sniffHtmlEncoding from "html-encoding-sniffer";

/** The outcome of {@link decodeText}. */
export type DecodedText =
  | {
      readonly kind: "text";
      readonly text: string;
      /** The WHATWG name of the encoding used (`UTF-8`, `windows-1252`, `Shift_JIS`...). */
      readonly encoding: string;
    }
  | { readonly kind: "invalid"; readonly reason: string };

/** Options of {@link decodeText}. */
export interface DecodeTextOptions {
  /** HTML bytes are sniffed as the HTML Standard says: BOM, then `charset`, then `<meta charset>`. */
  readonly html?: boolean;
  /** Character set from an HTTP `Content-Type` header, if any. */
  readonly charset?: string;
}

/**
 * Decodes a text file or page to a string. The encoding comes from, in this order: a byte order
 * mark (UTF-8, UTF-16LE/BE); the HTTP `charset`; for HTML, a `<meta charset>` or
 * `<meta http-equiv="Content-Type">` in the first 1024 bytes (html-encoding-sniffer, jsdom's
 * implementation of the HTML Standard's prescan); else UTF-8. Decoding uses the platform's
 * WHATWG `TextDecoder`, which knows every label of the Encoding Standard.
 *
 * UTF-8 is decoded strictly: invalid bytes make the file `invalid` (re-save it, or declare its
 * encoding) rather than silently garbled. A NUL byte (a NUL character for UTF-16) marks a binary
 * file. An unknown `charset` label is ignored (the page is sniffed or read as UTF-8). Never throws.
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): DecodedText {
  const header = options.charset?.trim();
  const known = header !== undefined && header.length > 0 && isKnownLabel(header);
  let encoding: string;
  if (options.html) {
    encoding = sniffHtmlEncoding(bytes, {
      ...(known ? { transportLayerEncodingLabel: header } : {}),
      defaultEncoding: "UTF-8",
    });
  } else {
    encoding = bomEncoding(bytes) ?? (known ? header : "UTF-8");
  }
  let decoderName: string;
  try {
    decoderName = new TextDecoder(encoding).encoding;
  } catch {
    return { kind: "invalid", reason: `character set "${encoding}" is not supported` };
  }
  const isUtf16 = decoderName.startsWith("utf-16");
  if (!isUtf16) {
    const nulIndex = bytes.indexOf(0);
    if (nulIndex !== -1)
      return { kind: "invalid", reason: `binary file (NUL byte at offset ${nulIndex}), not text` };
  }
  let text: string;
  try {
    // `fatal` rejects invalid UTF-8; the default `ignoreBOM: false` removes a byte order mark.
    text = new TextDecoder(decoderName, { fatal: decoderName === "utf-8" }).decode(bytes);
  } catch {
    return {
      kind: "invalid",
      reason: "not valid UTF-8 text; re-save the file as UTF-8 (or declare its character set)",
    };
  }
  if (isUtf16 && text.includes("\u0000")) return { kind: "invalid", reason: "binary file, not text" };
  return { kind: "text", text, encoding };
}

function isKnownLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "UTF-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16LE";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16BE";
  return null;
}
