import { PII_PLACEHOLDERS, type PiiEntity } from "./pii-entity.ts";

/**
 * `text` with each entity replaced by its type's placeholder (`[EMAIL]`, `[PERSON]`, ...).
 *
 * @param text - the original text.
 * @param entities - non-overlapping entities of `text`, in order of `start`.
 */
export function maskEntities(text: string, entities: readonly PiiEntity[]): string {
  let output = "";
  let at = 0;
  for (const entity of entities) {
    output += text.slice(at, entity.start) + PII_PLACEHOLDERS[entity.type];
    at = entity.end;
  }
  return output + text.slice(at);
}
