/** @module ingest: finds, reads and parses source files (Markdown, MDX, text) into normalised Documents. */
export { humanizeFileName } from "./humanize-file-name.ts";
export { type ParseMarkdownOptions, type ParseMarkdownResult, parseMarkdown } from "./parse-markdown.ts";
export {
  type ParseSourceFileInput,
  type ParseSourceFileResult,
  parseSourceFile,
} from "./parse-source-file.ts";
export { type ParsedText, parseText } from "./parse-text.ts";
export { type ReadSourceFileOptions, type ReadSourceFileResult, readSourceFile } from "./read-source-file.ts";
export {
  type ScanFolderOptions,
  type ScanFolderResult,
  type SkippedSource,
  type SourceFile,
  scanFolder,
} from "./scan-folder.ts";
export { type StripMkDocsSyntaxOptions, stripMkDocsSyntax } from "./strip-mkdocs-syntax.ts";
export { urlForSource } from "./url-for-source.ts";
