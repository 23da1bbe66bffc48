import { type CountryCode, findPhoneNumbersInText } from "libphonenumber-js";
import type { PiiEntity } from "./pii-entity.ts";

/**
 * Default regions tried for numbers written without a `+country` prefix. A number written in
 * national form is only recognised for a region in this list; each region added raises recall
 * and costs a little precision and time.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = [
  "US",
  "GB",
  "DE",
  "FR",
  "IT",
  "ES",
  "NL",
  "AU",
  "IN",
];

/**
 * Finds phone numbers with Google's libphonenumber rules (libphonenumber-js): a match must be a
 * possible number for its region, so dates and short codes are left alone.
 *
 * @param regions - regions tried for national-format numbers, see `DEFAULT_PHONE_REGIONS`.
 */
export function createPhoneNumberDetector(
  regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS,
): (text: string) => PiiEntity[] {
  return (text) => {
    // Cheap pre-check: no run of 6+ digits (with separators) means no phone number.
    if (!/\d(?:[\s().-]*\d){5}/.test(text)) return [];
    const spans = new Map<string, PiiEntity>();
    for (const region of regions) {
      for (const match of findPhoneNumbersInText(text, { defaultCountry: region })) {
        // Fewer than 7 digits is a postcode or house number far more often than a phone number.
        if (text.slice(match.startsAt, match.endsAt).replace(/\D/g, "").length < 7) continue;
        let end = match.endsAt;
        // An extension written as `x123` belongs to the number.
        const extension = /^\s*(?:x|ext\.?)\s*\d{1,6}/i.exec(text.slice(end));
        if (extension) end += extension[0].length;
        spans.set(`${match.startsAt}:${end}`, {
          type: "phone",
          start: match.startsAt,
          end,
          rule: "libphonenumber",
        });
      }
    }
    return [...spans.values()];
  };
}
