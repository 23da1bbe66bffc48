/**
 * The public URL of a source file. Without `baseUrl` it is the source path itself
 * (`guide/install.md`). With one, MkDocs-style directory URLs: `guide/install.md` becomes
 * `<baseUrl>/guide/install/`, and `index.md` or `README.md` the folder's URL (`<baseUrl>/guide/`).
 * Path segments are percent-encoded; `baseUrl` may end with `/` or not.
 *
 * @param source - `/`-separated path relative to the ingested root.
 * @param baseUrl - Public URL of the docs root (config `ingest.baseUrl`).
 */
export function urlForSource(source: string, baseUrl?: string): string {
  if (baseUrl === undefined || baseUrl.length === 0) return source;
  const segments = source.split("/").filter((segment) => segment.length > 0 && segment !== ".");
  const fileName = segments.pop() ?? "";
  const stem = fileName.replace(/\.[^.]+$/u, "");
  if (!/^(index|readme)$/iu.test(stem)) segments.push(stem);
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const path = segments.map((segment) => encodeURIComponent(segment)).join("/");
  return path.length === 0 ? base : `${base}${path}/`;
}
