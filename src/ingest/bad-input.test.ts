import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Document } from "../core/document.ts";
import { isDocentError } from "../core/errors.ts";
import { parseSourceFile } from "./parse-source-file.ts";
import { readSourceFile } from "./read-source-file.ts";
import type { SkippedSource } from "./scan-folder.ts";
import { scanFolder } from "./scan-folder.ts";

const EXTENSIONS = [".md", ".mdx", ".txt"];
const MAX_FILE_BYTES = 1000;
const isRoot = process.getuid?.() === 0;

async function ingest(root: string): Promise<{ documents: Document[]; skipped: SkippedSource[] }> {
  const { files, skipped } = await scanFolder(root, { extensions: EXTENSIONS });
  const documents: Document[] = [];
  const allSkipped = [...skipped];
  for (const file of files) {
    const read = await readSourceFile(file, { maxFileBytes: MAX_FILE_BYTES });
    if (read.kind === "skipped") {
      allSkipped.push(read);
      continue;
    }
    const parsed = await parseSourceFile({
      source: file.source,
      bytes: read.bytes,
      contentHash: read.contentHash,
    });
    if (parsed.kind === "skipped") allSkipped.push(parsed);
    else documents.push(parsed.document);
  }
  return { documents, skipped: allSkipped };
}

describe("ingesting a folder with bad files", () => {
  let root = "";
  let outside = "";
  let result: { documents: Document[]; skipped: SkippedSource[] };
  const reasonFor = (source: string): string =>
    result.skipped.find((skipped) => skipped.source === source)?.reason ?? "(not skipped)";

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "docent-ingest-"));
    outside = await mkdtemp(join(tmpdir(), "docent-outside-"));
    await writeFile(join(outside, "secret.md"), "# Secret\n\nNot part of the docs.\n");
    await mkdir(join(outside, "folder"));
    await writeFile(join(outside, "folder", "other.md"), "# Other\n\nAlso outside.\n");

    await mkdir(join(root, "guide", "deep"), { recursive: true });
    await writeFile(join(root, "good.md"), "# Good\n\nThis file is fine.\n");
    await writeFile(
      join(root, "guide", "deep", "page.mdx"),
      "# Deep { #deep }\n\n<Note>Inside JSX.</Note>\n",
    );
    await writeFile(join(root, "notes.txt"), "Release notes\n\nAll good.\n");
    await writeFile(
      join(root, "bom.md"),
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("# With BOM\n\nText.\n")]),
    );
    await writeFile(
      join(root, "binary.md"),
      new Uint8Array([0x23, 0x20, 0x41, 0x00, 0x01, 0x02, 0xff, 0x0a]),
    );
    await writeFile(join(root, "latin1.md"), new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a])); // "# Café" in Latin-1
    await writeFile(join(root, "empty.md"), "");
    await writeFile(join(root, "blank.md"), "  \n\n\t\n");
    await writeFile(join(root, "big.md"), `# Big\n\n${"x".repeat(1993)}`);
    await writeFile(join(root, "broken-front-matter.md"), "---\ntitle: [unclosed\n---\n\n# Page\n\nText.\n");
    await writeFile(join(root, "locked.md"), "# Locked\n\nSecret.\n");
    await chmod(join(root, "locked.md"), 0o000);
    await writeFile(join(root, "picture.png"), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    await mkdir(join(root, ".git"));
    await writeFile(join(root, ".git", "notes.md"), "# Hidden\n\nHidden.\n");
    await mkdir(join(root, "node_modules", "package"), { recursive: true });
    await writeFile(join(root, "node_modules", "package", "README.md"), "# Dependency\n\nNot ours.\n");
    await symlink(join(outside, "secret.md"), join(root, "leak.md"));
    await symlink(join(outside, "folder"), join(root, "leak-folder"));
    await symlink(join(root, "good.md"), join(root, "alias.md"));
    await symlink(join(root, "guide"), join(root, "guide", "deep", "loop"));
    await symlink(join(root, "missing.md"), join(root, "dangling.md"));
    result = await ingest(root);
  });

  afterAll(async () => {
    await chmod(join(root, "locked.md"), 0o644).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("still parses the good files, in source order, BOM removed", () => {
    const sources = result.documents.map((document) => document.source);
    expect(sources).toEqual([
      "alias.md",
      "bom.md",
      "good.md",
      "guide/deep/page.mdx",
      ...(isRoot ? ["locked.md"] : []),
      "notes.txt",
    ]);
    expect(result.documents.find((document) => document.source === "bom.md")?.title).toBe("With BOM");
    expect(result.documents.find((document) => document.source === "notes.txt")?.title).toBe("Release notes");
    const deep = result.documents.find((document) => document.source === "guide/deep/page.mdx");
    expect(deep?.blocks).toEqual([
      { type: "heading", depth: 1, text: "Deep", anchor: "deep" },
      { type: "paragraph", text: "Inside JSX." },
    ]);
  });

  it("skips each bad file with a reason naming the cause", () => {
    expect(reasonFor("binary.md")).toMatch(/binary file \(NUL byte/u);
    expect(reasonFor("latin1.md")).toMatch(/not valid UTF-8/u);
    expect(reasonFor("empty.md")).toMatch(/empty/u);
    expect(reasonFor("blank.md")).toMatch(/empty \(only whitespace\)/u);
    expect(reasonFor("big.md")).toContain("2,000 bytes");
    expect(reasonFor("big.md")).toContain("1,000 bytes");
    expect(reasonFor("big.md")).toContain("ingest.maxFileBytes");
    expect(reasonFor("broken-front-matter.md")).toMatch(
      /front matter of broken-front-matter\.md is not valid YAML/u,
    );
    expect(reasonFor("leak.md")).toMatch(/symbolic link points outside/u);
    expect(reasonFor("leak-folder")).toMatch(/symbolic link points outside/u);
    expect(reasonFor("dangling.md")).toMatch(/broken symbolic link/u);
    expect(reasonFor("guide/deep/loop")).toMatch(/loops back/u);
    if (!isRoot) expect(reasonFor("locked.md")).toMatch(/permission denied \(EACCES\)/u);
  });

  it("ignores hidden folders, node_modules and other extensions without reporting them", () => {
    const mentioned = [...result.documents, ...result.skipped].map((item) => item.source);
    for (const source of [".git/notes.md", "node_modules/package/README.md", "picture.png"]) {
      expect(mentioned).not.toContain(source);
    }
    expect(mentioned.some((source) => source.includes("secret") || source.includes("other.md"))).toBe(false);
  });

  it("turns a read failure into a skip with the system's reason", async () => {
    const read = await readSourceFile(
      { absolutePath: join(root, "guide"), source: "guide.md", sizeBytes: 0 },
      { maxFileBytes: MAX_FILE_BYTES },
    );
    expect(read).toEqual({ kind: "skipped", source: "guide.md", reason: "cannot read file: it is a folder" });
  });

  it("reads a single file given as the root", async () => {
    const { files } = await scanFolder(join(root, "good.md"), { extensions: EXTENSIONS });
    expect(files.map((file) => file.source)).toEqual(["good.md"]);
  });

  it("fails with SOURCE_NOT_FOUND naming a missing root", async () => {
    const missing = join(root, "no-such-folder");
    const error = await scanFolder(missing, { extensions: EXTENSIONS }).catch((caught: unknown) => caught);
    expect(isDocentError(error, "SOURCE_NOT_FOUND")).toBe(true);
    expect((error as Error).message).toContain(missing);
  });

  it("stops with ABORTED when the signal fires", async () => {
    const error = await scanFolder(root, { extensions: EXTENSIONS, signal: AbortSignal.abort() }).catch(
      (caught: unknown) => caught,
    );
    expect(isDocentError(error, "ABORTED")).toBe(true);
  });

  it("hashes the raw bytes, so an unchanged file keeps its hash", async () => {
    const file = { absolutePath: join(root, "good.md"), source: "good.md", sizeBytes: 0 };
    const first = await readSourceFile(file, { maxFileBytes: MAX_FILE_BYTES });
    const second = await readSourceFile(file, { maxFileBytes: MAX_FILE_BYTES });
    expect(first.kind === "read" && second.kind === "read" && first.contentHash === second.contentHash).toBe(
      true,
    );
    expect(result.documents.find((document) => document.source === "good.md")?.contentHash).toBe(
      first.kind === "read" ? first.contentHash : "",
    );
  });
});
