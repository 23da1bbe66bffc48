import { open } from "node:fs/promises";
import { sha256 } from "../core/hash.ts";
import type { SourceFile } from "./scan-folder.ts";

/** Options of {@link readSourceFile}. */
export interface ReadSourceFileOptions {
  /** Files larger than this are skipped (config `ingest.maxFileBytes`, default 5 MiB). */
  readonly maxFileBytes: number;
}

/** The outcome of {@link readSourceFile}: the bytes and their hash, or why the file was skipped. */
export type ReadSourceFileResult =
  | { readonly kind: "read"; readonly bytes: Uint8Array; readonly contentHash: string }
  | { readonly kind: "skipped"; readonly source: string; readonly reason: string };

/**
 * Reads a file's bytes and hashes them (sha256, hex) before any parsing, so a caller can skip an
 * unchanged file cheaply. Oversized and unreadable files become a `skipped` result, never a throw:
 * one bad file must not stop an ingest.
 */
export async function readSourceFile(
  file: SourceFile,
  options: ReadSourceFileOptions,
): Promise<ReadSourceFileResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file.absolutePath, "r");
    const stats = await handle.stat();
    if (!stats.isFile()) {
      const what = stats.isDirectory() ? "a folder" : "not a regular file (a device, pipe or socket)";
      return { kind: "skipped", source: file.source, reason: `cannot read file: it is ${what}` };
    }
    const { size } = stats;
    if (size > options.maxFileBytes) {
      return {
        kind: "skipped",
        source: file.source,
        reason: `file is ${formatBytes(size)}, over the limit of ${formatBytes(options.maxFileBytes)}: raise ingest.maxFileBytes to include it`,
      };
    }
    const bytes = new Uint8Array(await handle.readFile());
    return { kind: "read", bytes, contentHash: sha256(bytes) };
  } catch (error) {
    return { kind: "skipped", source: file.source, reason: `cannot read file: ${describeReadError(error)}` };
  } finally {
    await handle?.close();
  }
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EACCES" || code === "EPERM")
    return `permission denied (${code}); check the file's permissions`;
  if (code === "ENOENT") return "the file disappeared while ingesting (ENOENT)";
  if (code === "EISDIR") return "it is a folder (EISDIR)";
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString("en-US")} bytes`;
  if (bytes < 1024) return exact;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]} (${exact})`;
}
