import { parse as parseYaml } from "yaml";
import { describeError } from "../core/errors.ts";

/**
 * The `title` of YAML front matter: `{ kind: "title", title }` (null when absent or blank), or
 * `{ kind: "invalid", reason }` naming the file and the YAML error when the YAML does not parse.
 *
 * @param yaml - The text between the `---` fences.
 * @param source - The file's path, named in the reason.
 */
export function readFrontMatterTitle(
  yaml: string,
  source: string,
):
  | { readonly kind: "title"; readonly title: string | null }
  | { readonly kind: "invalid"; readonly reason: string } {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    return {
      kind: "invalid",
      reason: `front matter of ${source} is not valid YAML: ${describeError(error).replace(/\s+/gu, " ").trim()}`,
    };
  }
  const title = (data as { title?: unknown } | null)?.title;
  return { kind: "title", title: typeof title === "string" && title.trim().length > 0 ? title.trim() : null };
}
