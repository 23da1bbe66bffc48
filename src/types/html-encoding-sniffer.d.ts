/** Types for html-encoding-sniffer 7 (the package ships none; DefinitelyTyped's are for v3). */
declare module "html-encoding-sniffer" {
  /** Options of the sniffer (see its README). */
  interface SniffOptions {
    /** XML sniffing (BOM, transport, XML declaration) instead of HTML's. */
    readonly xml?: boolean;
    /** The HTTP `Content-Type` charset; overrides everything but a BOM. */
    readonly transportLayerEncodingLabel?: string;
    /** Used when nothing is declared; windows-1252 for HTML, UTF-8 for XML by default. */
    readonly defaultEncoding?: string;
    /** Bytes scanned for `<meta charset>`; default 1024, as the HTML Standard says. */
    readonly maxPrescanBytes?: number;
  }
  /** The canonical WHATWG encoding name of an HTML or XML byte stream. */
  function sniffHtmlEncoding(bytes: Uint8Array, options?: SniffOptions): string;
  export = sniffHtmlEncoding;
}
