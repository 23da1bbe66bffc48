import { Command, CommanderError } from "commander";
import { describeError, isDocentError } from "../core/errors.ts";
import type { CommandEnvironment } from "./command-context.ts";
import { askCommand } from "./commands/ask-command.ts";
import { calibrateCommand } from "./commands/calibrate-command.ts";
import { demoCommand } from "./commands/demo-command.ts";
import { evalCommand } from "./commands/eval-command.ts";
import { ingestCommand } from "./commands/ingest-command.ts";
import { redactCommand } from "./commands/redact-command.ts";
import { reviewCommand } from "./commands/review-command.ts";
import { serveCommand } from "./commands/serve-command.ts";
import { sourcesCommand } from "./commands/sources-command.ts";
import { EXIT_CODES } from "./exit-codes.ts";

/** Builds the `docent` program. */
export function createProgram(environment: CommandEnvironment): Command {
  const program = new Command("docent")
    .description(
      'Docent answers questions about your documentation with cited sources, and says "I don\'t know" ' +
        "when the sources don't hold the answer.",
    )
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      '\nQuick start:\n  docent demo\n  docent ingest docs/\n  docent ask "How do I configure the index?"\n\nExit codes: 0 ok, 1 failure, 2 usage or configuration error, 3 ingest completed but skipped some inputs.\n',
    );
  for (const command of [
    ingestCommand,
    sourcesCommand,
    askCommand,
    demoCommand,
    evalCommand,
    calibrateCommand,
    serveCommand,
    redactCommand,
    reviewCommand,
  ]) {
    program.addCommand(command(environment));
  }
  const configure = (command: Command): void => {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(text),
    });
    for (const child of command.commands) configure(child);
  };
  configure(program);
  return program;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], environment: CommandEnvironment): Promise<number> {
  let completedExitCode: number = EXIT_CODES.ok;
  const program = createProgram({
    ...environment,
    setExitCode: (code) => {
      completedExitCode = code;
    },
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return completedExitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version")
        return EXIT_CODES.ok;
      if (error.code === "commander.help") return EXIT_CODES.ok;
      return EXIT_CODES.usage;
    }
    const usage =
      isDocentError(error, "CONFIG_INVALID") ||
      isDocentError(error, "CONFIG_FILE_UNREADABLE") ||
      isDocentError(error, "INPUT_INVALID");
    environment.stderr.write(`docent: ${describeError(error)}\n`);
    if (process.env.DOCENT_DEBUG && error instanceof Error && error.stack) {
      environment.stderr.write(`${error.stack}\n`);
    }
    return usage ? EXIT_CODES.usage : EXIT_CODES.failure;
  }
}
