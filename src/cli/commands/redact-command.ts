import { Command } from "commander";
import { createRedactor } from "../../guard/redact/create-redactor.ts";
import type { CommandEnvironment } from "../command-context.ts";

/** Reads a whole stream as UTF-8 text. */
async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of input) parts.push(typeof part === "string" ? Buffer.from(part) : part);
  return Buffer.concat(parts).toString("utf8");
}

/** `docent redact`: standard input to redacted standard output, so operators can check the rules. */
export function redactCommand(
  environment: CommandEnvironment,
  stdin: NodeJS.ReadableStream = process.stdin,
): Command {
  return new Command("redact")
    .description(
      "Read text on standard input and print it with personal data and secrets replaced by typed " +
        "placeholders ([EMAIL], [PHONE], [CARD], [IBAN], [IP], [SECRET], [GOV_ID], [PERSON], [ADDRESS]): " +
        "the same redactor that runs before questions, comments and answers are logged.",
    )
    .option(
      "--json",
      "print { text, entities: [{ type, start, end, rule, value }] } (offsets into the input)",
    )
    .addHelpText(
      "after",
      '\nExamples:\n  echo "Mail jane@example.org or call 541-714-1388" | docent redact\n  docent redact --json < questions.txt\n',
    )
    .action(async (options: { json?: boolean }) => {
      const input = await readAll(stdin);
      const result = createRedactor().redact(input);
      if (options.json) {
        const entities = result.entities.map((entity) => ({
          ...entity,
          value: input.slice(entity.start, entity.end),
        }));
        environment.stdout.write(`${JSON.stringify({ text: result.text, entities })}\n`);
      } else {
        environment.stdout.write(result.text);
      }
    });
}
