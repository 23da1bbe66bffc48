#!/usr/bin/env node
// Entry point of the `docent` command. Node >= 22.18 runs the TypeScript sources directly.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `docent needs Node.js 22.18 or newer (24 LTS recommended); this is ${process.version}.\n`,
  );
  process.exit(1);
}
const { runCli } = await import("../src/cli/main.ts");
const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  environment: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
