/** @module cli: the `docent` command line; calls the library, never the other way round. */

export { EXIT_CODES } from "./exit-codes.ts";
export { createProgram, runCli } from "./main.ts";
