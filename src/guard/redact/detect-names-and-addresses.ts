import nlp from "compromise";
import type { PiiEntity } from "./pii-entity.ts";

interface OffsetMatch {
  readonly text: string;
  readonly offset: { readonly start: number; readonly length: number };
}

/**
 * Street address shapes, in compromise's match syntax over its tags: compromise's own `#Address`
 * tag, a house number, a proper-noun street name and a street-type word ("221 Baker Street"),
 * the reverse order used across Europe ("Harjukuja 54", "Søndergade 52"), and unit designators
 * ("Suite 680", "Apt. 864", "PO Box 12").
 */
const ADDRESS_PATTERNS: readonly string[] = [
  "#Address+",
  "#Value+ #ProperNoun+ (street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|square|sq|terrace|way|parkway|highway|hwy|crescent|close|row|str|gardens|park|parks|grove|hill|circle|cir)",
  "#ProperNoun [/^[0-9]{1,4}[a-z]?$/] (apt|apartment|suite|unit|floor)? #Value?",
  "(apt|apartment|suite|unit) #Value",
  "(po|p.o.)? box #Value",
];

const TRAILING_PUNCTUATION = /[\s.,;:!?)"']+$/u;

function toEntities(text: string, matches: readonly OffsetMatch[], type: PiiEntity["type"]): PiiEntity[] {
  const entities: PiiEntity[] = [];
  for (const match of matches) {
    // Offsets come from compromise; trim what it counts with a term (punctuation, spaces) off the ends.
    const span = text.slice(match.offset.start, match.offset.start + match.offset.length);
    const leading = span.length - span.trimStart().length;
    const start = match.offset.start + leading;
    const end = match.offset.start + span.replace(TRAILING_PUNCTUATION, "").length;
    if (end > start) entities.push({ type, start, end, rule: "nlp" });
  }
  return entities;
}

/**
 * Finds person names and street addresses with the compromise NLP library (a maintained
 * rule-based English tagger with a lexicon of given names and surnames), not with home-made name
 * lists. English-centred: names from other languages are found when capitalised like names, with
 * lower recall.
 */
export function detectNamesAndAddresses(text: string): PiiEntity[] {
  const document = nlp(text);
  const people = document.people().json({ offset: true }) as OffsetMatch[];
  const entities = toEntities(text, people, "person");
  for (const pattern of ADDRESS_PATTERNS) {
    const addresses = document.match(pattern).json({ offset: true }) as OffsetMatch[];
    // The reverse-order pattern needs a street-like word: a name followed by a number is not enough.
    const kept =
      pattern === ADDRESS_PATTERNS[2]
        ? addresses.filter((match) =>
            /(?:gade|vej|katu|kuja|tie|straße|strasse|str\.?|weg|gasse|laan|plein|vägen|gatan|veien|tér|utca|u\.)\s/iu.test(
              `${match.text} `,
            ),
          )
        : addresses;
    entities.push(...toEntities(text, kept, "street-address"));
  }
  return entities;
}
