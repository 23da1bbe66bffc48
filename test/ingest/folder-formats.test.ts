import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../helpers/make-pdf.ts";
import { runCliInProcess } from "./run-cli-in-process.ts";

interface Summary {
  dryRun: boolean;
  documents: { added: number; updated: number; unchanged: number; deleted: number };
  changes: { added: string[]; updated: string[]; deleted: string[] };
  parsed: number;
  skipped: Array<{ source: string; reason: string }>;
  corpusVersion: number;
}

const PAGE_HTML = `<!doctype html><html><head><title>Widget server - Example Docs</title></head>
<body>
<header class="site-header"><a href="/">Example Docs</a><nav><a href="/guide/">Guide</a> <a href="/api/">API reference</a></nav></header>
<div id="cookie-consent">We use cookies to improve your experience. Accept all cookies?</div>
<aside class="sidebar"><ul><li><a href="/a">Sidebar link about quasar tuning</a></li></ul></aside>
<main>
  <h1 id="widget-server">Widget server<a class="headerlink" href="#widget-server">¶</a></h1>
  <p>The widget server renders <strong>dashboards</strong> on demand.</p>
  <h2 id="port-setting">Choosing the port</h2>
  <p>The widget server listens on port 7311 unless <code>WIDGET_PORT</code> is set.</p>
  <pre><code class="language-bash">WIDGET_PORT=9000 widget-server</code></pre>
  <h2><a id="tls-anchor"></a>Enabling TLS</h2>
  <p>Pass a certificate bundle with the tls flag to serve over HTTPS.</p>
</main>
<footer>Copyright 2025 Example Corp. All rights reserved.</footer>
</body></html>`;

let workspace = "";
let folder = "";
let index = "";
const run = (args: readonly string[]) => runCliInProcess([...args, "--index", index], workspace);
const ingest = async (...extra: string[]) => {
  const result = await run(["ingest", folder, "--json", ...extra]);
  return {
    ...result,
    summary: result.code <= 0 || result.code === 3 ? (JSON.parse(result.stdout) as Summary) : null,
  };
};

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), "docent-formats-"));
  folder = join(workspace, "docs");
  index = join(workspace, "index.db");
  mkdirSync(join(folder, "manuals"), { recursive: true });
  mkdirSync(join(folder, "drafts"), { recursive: true });
  mkdirSync(join(folder, "build", "deep"), { recursive: true });
  writeFileSync(join(folder, "server.html"), PAGE_HTML);
  writeFileSync(
    join(folder, "manuals", "pump.pdf"),
    makePdf(
      [
        ["Pump manual", "The pump is made of stainless steel."],
        ["Maintenance", "Replace the impeller gasket every 900 operating hours."],
      ],
      { title: "Pump manual" },
    ),
  );
  writeFileSync(join(folder, "manuals", "secret.pdf"), makePdf([["Locked"]], { encrypted: true }));
  writeFileSync(join(folder, "manuals", "broken.pdf"), makePdf([["Broken"]]).slice(0, 120));
  writeFileSync(
    join(folder, "intro.mdx"),
    'import { Tabs } from "./tabs";\n\n# Intro\n\n<Tabs>The kelvin scheduler runs every job twice.</Tabs>\n\nexport const meta = {};\n',
  );
  writeFileSync(join(folder, "notes.txt"), "Release notes\n\nVersion 2 adds the kelvin scheduler.\n");
  writeFileSync(join(folder, "malformed.html"), "<div><p>Unclosed <b>bold <i>text</div></p><h2>Half heading");
  writeFileSync(join(folder, "binary.html"), Buffer.from([0x3c, 0x68, 0x31, 0x00, 0x01, 0xff]));
  writeFileSync(join(folder, "drafts", "next.md"), "# Next\n\nUnreleased draft about the quasar engine.\n");
  writeFileSync(join(folder, "build", "output.md"), "# Build output\n\nGenerated, should be ignored.\n");
  writeFileSync(join(folder, "build", "deep", "more.md"), "# More output\n\nAlso ignored.\n");
  writeFileSync(join(folder, ".gitignore"), "build/\n*.tmp.md\n");
  writeFileSync(join(folder, "scratch.tmp.md"), "# Scratch\n\nIgnored by the gitignore pattern.\n");
  writeFileSync(join(folder, "manuals", ".docentignore"), "internal-*.md\n");
  writeFileSync(
    join(folder, "manuals", "internal-notes.md"),
    "# Internal\n\nIgnored by a nested ignore file.\n",
  );
  for (const name of ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]) {
    writeFileSync(
      join(folder, `${name}.md`),
      `# ${name}\n\nThe ${name} page describes the ${name} feature.\n`,
    );
  }
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

describe("ingesting a folder of Markdown, MDX, text, HTML and PDF", () => {
  let first: Awaited<ReturnType<typeof ingest>>;

  beforeAll(async () => {
    first = await ingest("--exclude", "drafts/**");
  });

  it("reads every format, honours .gitignore, nested .docentignore and --exclude, and exits 3 for skips", () => {
    expect(first.code, first.stderr).toBe(3);
    const added = first.summary?.changes.added ?? [];
    expect([...added].sort()).toEqual(
      [
        "alpha.md",
        "beta.md",
        "delta.md",
        "epsilon.md",
        "gamma.md",
        "intro.mdx",
        "malformed.html",
        "manuals/pump.pdf",
        "notes.txt",
        "server.html",
        "zeta.md",
      ].sort(),
    );
    const reasons = Object.fromEntries(
      (first.summary?.skipped ?? []).map((item) => [item.source, item.reason]),
    );
    expect(Object.keys(reasons).sort()).toEqual(["binary.html", "manuals/broken.pdf", "manuals/secret.pdf"]);
    expect(reasons["manuals/secret.pdf"]).toMatch(/encrypted with a password/u);
    expect(reasons["manuals/broken.pdf"]).toMatch(/not a valid PDF|could not be read/u);
    expect(reasons["binary.html"]).toMatch(/binary file/u);
  });

  it("lists the documents with URL, title, chunk count, last ingested time, version and hash", async () => {
    const listed = await run(["sources", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const { corpusVersion, documents } = JSON.parse(listed.stdout) as {
      corpusVersion: number;
      documents: Array<{
        url: string;
        title: string;
        chunkCount: number;
        ingestedAt: string;
        contentHash: string;
        corpusVersion: number;
      }>;
    };
    expect(corpusVersion).toBe(1);
    const pdf = documents.find((document) => document.url === "manuals/pump.pdf");
    expect(pdf).toMatchObject({ title: "Pump manual", corpusVersion: 1 });
    expect(pdf?.chunkCount).toBe(2);
    expect(pdf?.contentHash).toMatch(/^[0-9a-f]{64}$/u);
    expect(Number.isNaN(Date.parse(pdf?.ingestedAt ?? ""))).toBe(false);
    const html = documents.find((document) => document.url === "server.html");
    expect(html?.title).toBe("Widget server");
    const table = await run(["sources"]);
    expect(table.stdout).toMatch(/URL\s+TITLE\s+CHUNKS\s+LAST INGESTED\s+VERSION\s+HASH/u);
    expect(table.stdout).toMatch(/manuals\/pump\.pdf\s+Pump manual\s+2\s+/u);
  });

  it("cites a PDF page with #page=N", async () => {
    const asked = await run(["ask", "--json", "When do I replace the impeller gasket?"]);
    const answer = JSON.parse(asked.stdout) as {
      refused: boolean;
      citations: Array<{ url: string }>;
      retrieved: Array<{ url: string }>;
    };
    expect(answer.retrieved[0]?.url).toBe("manuals/pump.pdf#page=2");
    expect(answer.refused).toBe(false);
    expect(answer.citations.map((citation) => citation.url)).toContain("manuals/pump.pdf#page=2");
  });

  it("cites an HTML page at the heading's own id, and never cites navigation, banners or footers", async () => {
    const asked = await run(["ask", "--json", "Which port does the widget server listen on?"]);
    const answer = JSON.parse(asked.stdout) as {
      answer: string;
      citations: Array<{ url: string }>;
      retrieved: Array<{ url: string }>;
    };
    expect(answer.citations.map((citation) => citation.url)).toContain("server.html#port-setting");
    const chunks = await run(["ask", "--json", "cookies sidebar quasar tuning copyright"]);
    const retrieved = JSON.parse(chunks.stdout) as { answer: string; retrieved: Array<{ url: string }> };
    expect(
      retrieved.retrieved.map((item) => item.url).filter((url) => url.startsWith("server.html")),
    ).toEqual([]);
    const tls = await run(["ask", "--json", "How do I serve over HTTPS with a certificate bundle?"]);
    expect(
      (JSON.parse(tls.stdout) as { citations: Array<{ url: string }> }).citations.map((c) => c.url),
    ).toContain("server.html#tls-anchor");
  });

  it("re-ingesting the unchanged folder parses nothing and says so", async () => {
    const again = await ingest("--exclude", "drafts/**");
    expect(again.summary?.documents).toEqual({ added: 0, updated: 0, unchanged: 11, deleted: 0 });
    expect(again.summary?.parsed).toBe(0);
    expect(again.summary?.corpusVersion).toBe(1);
    const human = await run(["ingest", folder, "--exclude", "drafts/**"]);
    expect(human.stdout).toContain("nothing changed: no source was parsed or chunked again");
  });
});

describe("the collapse guard, --dry-run and --force", () => {
  it("dry-run reports additions, updates and deletions without writing", async () => {
    writeFileSync(join(folder, "alpha.md"), "# alpha\n\nThe alpha page now describes the omega feature.\n");
    writeFileSync(join(folder, "new-page.md"), "# New page\n\nBrand new content.\n");
    rmSync(join(folder, "beta.md"));
    const dry = await ingest("--exclude", "drafts/**", "--dry-run");
    expect(dry.summary?.dryRun).toBe(true);
    expect(dry.summary?.changes).toEqual({
      added: ["new-page.md"],
      updated: ["alpha.md"],
      deleted: ["beta.md"],
    });
    expect(dry.summary?.corpusVersion).toBe(1);
    const listed = JSON.parse((await run(["sources", "--json"])).stdout) as {
      corpusVersion: number;
      documents: Array<{ url: string }>;
    };
    expect(listed.corpusVersion).toBe(1);
    expect(listed.documents.map((document) => document.url)).toContain("beta.md");
    expect(listed.documents.map((document) => document.url)).not.toContain("new-page.md");
    const human = await run(["ingest", folder, "--exclude", "drafts/**", "--dry-run"]);
    expect(human.stdout).toMatch(/would be deleted: beta\.md/u);
  });

  it("refuses a sync that would delete more than 20%, naming the numbers, and leaves the index unchanged", async () => {
    for (const name of ["gamma", "delta", "epsilon"]) rmSync(join(folder, `${name}.md`));
    const refused = await ingest("--exclude", "drafts/**");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refusing this sync/u);
    expect(refused.stderr).toMatch(/4 of 11 documents \(36%: 4 deleted\)/u);
    expect(refused.stderr).toContain("--force");
    const listed = JSON.parse((await run(["sources", "--json"])).stdout) as {
      corpusVersion: number;
      documents: Array<{ url: string }>;
    };
    expect(listed.corpusVersion).toBe(1);
    expect(listed.documents.map((document) => document.url)).toContain("gamma.md");
  });

  it("applies the same sync with --force, and the deleted pages are never cited", async () => {
    const forced = await ingest("--exclude", "drafts/**", "--force");
    expect(forced.summary?.documents).toMatchObject({ added: 1, updated: 1, deleted: 4 });
    expect(forced.summary?.corpusVersion).toBe(2);
    const asked = await run(["ask", "--json", "What does the gamma page describe?"]);
    const answer = JSON.parse(asked.stdout) as {
      citations: Array<{ url: string }>;
      retrieved: Array<{ url: string }>;
    };
    expect(answer.retrieved.map((item) => item.url)).not.toContain("gamma.md#gamma");
    expect(answer.citations.map((item) => item.url)).not.toContain("gamma.md#gamma");
  });

  it("exits 0 when nothing is skipped, and --include narrows the folder", async () => {
    const narrow = await runCliInProcess(
      [
        "ingest",
        folder,
        "--include",
        "**/*.md",
        "--exclude",
        "drafts/**",
        "--json",
        "--index",
        join(workspace, "narrow.db"),
      ],
      workspace,
    );
    expect(narrow.code, narrow.stderr).toBe(0);
    const summary = JSON.parse(narrow.stdout) as Summary;
    expect([...summary.changes.added].sort()).toEqual(["alpha.md", "new-page.md", "zeta.md"]);
  });
});
