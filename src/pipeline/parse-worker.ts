/**
 * Entry point of a parse worker thread (see `create-parse-pool.ts`): piscina calls the export
 * named by the pool with each job and sends the result back.
 */
export { parseFolderFile } from "./parse-folder-file.ts";
