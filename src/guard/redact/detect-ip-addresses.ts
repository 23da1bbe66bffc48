import { isIPv6 } from "node:net";
import type { PiiEntity } from "./pii-entity.ts";

const IPV4 =
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g;
const IPV6_CANDIDATE = /(?<![\w:])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?![\w:])/g;

/** Finds IPv4 addresses (each part 0-255) and IPv6 addresses (validated by `node:net`). */
export function detectIpAddresses(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(IPV4)) {
    found.push({ type: "ip-address", start: match.index, end: match.index + match[0].length, rule: "ipv4" });
  }
  for (const match of text.matchAll(IPV6_CANDIDATE)) {
    // "::" alone and clock times (10:30:00) are not addresses worth redacting.
    if (match[0].length < 3 || !/[0-9A-Fa-f]/.test(match[0]) || !isIPv6(match[0])) continue;
    if (/^\d{1,2}(?::\d{2}){1,2}$/.test(match[0])) continue;
    found.push({ type: "ip-address", start: match.index, end: match.index + match[0].length, rule: "ipv6" });
  }
  return found;
}
