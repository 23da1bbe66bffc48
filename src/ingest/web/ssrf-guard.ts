import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { DocentError } from "../../core/errors.ts";

/**
 * Address ranges a crawl must not reach unless the user allowed the host: loopback, private
 * (RFC 1918, unique local), link-local (cloud metadata lives at 169.254.169.254), carrier-grade
 * NAT, multicast, reserved and unspecified addresses, and NAT64 / IPv4-mapped forms of them.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

/** True when `address` (an IPv4 or IPv6 literal) is private, loopback, link-local or otherwise not public. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address)?.[1];
    if (mapped !== undefined) return BLOCKED.check(mapped, "ipv4");
    return BLOCKED.check(address, "ipv6");
  }
  return true; // not an address at all: refuse rather than guess
}

/** Decides which hosts a crawl may connect to. */
export interface AddressGuard {
  /**
   * Throws DocentError `SOURCE_BLOCKED` when `hostname` is an IP literal that is not public and
   * not allowed. Names are checked when they resolve, in `lookup`.
   */
  readonly checkHost: (hostname: string, port: string) => void;
  /**
   * A `dns.lookup` replacement for `http.request({ lookup })`: resolves the name and fails when
   * any address is not public (unless the host is allowed). Checking the address actually
   * connected to closes the DNS-rebinding gap a check-then-fetch would leave.
   */
  readonly lookupFor: (hostname: string, port: string) => typeof dnsLookup;
}

/**
 * Creates the SSRF guard of a crawl.
 *
 * @param allowHosts - Host names or `host:port` pairs (config `ingest.web.allowHosts`, flag
 *   `--allow-host`) that may resolve to private, loopback or link-local addresses.
 */
export function createAddressGuard(allowHosts: readonly string[]): AddressGuard {
  const allowed = new Set(allowHosts.map((host) => host.toLowerCase().replace(/^\[|\]$/gu, "")));
  const isAllowed = (hostname: string, port: string): boolean => {
    const host = hostname.toLowerCase().replace(/^\[|\]$/gu, "");
    return allowed.has(host) || allowed.has(`${host}:${port}`);
  };
  const refuse = (hostname: string, address: string): DocentError =>
    new DocentError(
      "SOURCE_BLOCKED",
      `refused to connect to ${hostname} (${address}): it is a private, loopback or link-local address; pass --allow-host ${hostname} if this site is meant to be crawled`,
      { details: { hostname, address } },
    );
  return {
    checkHost(hostname, port) {
      const host = hostname.replace(/^\[|\]$/gu, "");
      if (isIP(host) !== 0 && isNonPublicAddress(host) && !isAllowed(hostname, port)) {
        throw refuse(hostname, host);
      }
      if (/^localhost\.?$/iu.test(host) && !isAllowed(hostname, port)) throw refuse(hostname, "localhost");
    },
    lookupFor(hostname, port) {
      const lookup = ((name: string, options: unknown, callback: unknown) => {
        const done = (typeof options === "function" ? options : callback) as (
          error: NodeJS.ErrnoException | null,
          address: string | LookupAddress[],
          family?: number,
        ) => void;
        const lookupOptions = typeof options === "object" && options !== null ? options : {};
        dnsLookup(name, { ...lookupOptions, all: true }, (error, addresses) => {
          if (error) return done(error, "", 0);
          const list = addresses as LookupAddress[];
          const bad = list.find((entry) => isNonPublicAddress(entry.address));
          if (bad !== undefined && !isAllowed(hostname, port))
            return done(refuse(hostname, bad.address), "", 0);
          if ((lookupOptions as { all?: boolean }).all) return done(null, list);
          const first = list[0];
          if (first === undefined) return done(new Error(`${name} has no address`), "", 0);
          return done(null, first.address, first.family);
        });
      }) as unknown as typeof dnsLookup;
      return lookup;
    },
  };
}
