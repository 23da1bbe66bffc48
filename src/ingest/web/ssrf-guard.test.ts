import { describe, expect, it } from "vitest";
import { isDocentError } from "../../core/errors.ts";
import { createAddressGuard, isNonPublicAddress } from "./ssrf-guard.ts";

describe("the SSRF guard", () => {
  it("classifies private, loopback, link-local and mapped addresses as non-public", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
    ]) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });

  it("refuses IP literals and localhost unless the host (or host:port) is allowed", () => {
    const guard = createAddressGuard(["127.0.0.1:8080", "[::1]"]);
    expect(() => guard.checkHost("169.254.169.254", "80")).toThrow(/--allow-host 169\.254\.169\.254/u);
    expect(() => guard.checkHost("127.0.0.1", "9999")).toThrow();
    expect(() => guard.checkHost("localhost", "80")).toThrow();
    expect(() => guard.checkHost("127.0.0.1", "8080")).not.toThrow();
    expect(() => guard.checkHost("[::1]", "80")).not.toThrow();
    expect(() => guard.checkHost("93.184.216.34", "80")).not.toThrow();
  });

  it("checks the addresses a name resolves to at connect time", async () => {
    const resolveWith = (allow: readonly string[]) =>
      new Promise<{ error: unknown; address: unknown }>((resolve) => {
        createAddressGuard(allow).lookupFor("localhost", "80")("localhost", {}, (error, address) =>
          resolve({ error, address }),
        );
      });
    const refused = await resolveWith([]);
    expect(isDocentError(refused.error, "SOURCE_BLOCKED")).toBe(true);
    const allowed = await resolveWith(["localhost"]);
    expect(allowed.error).toBeNull();
    expect(String(allowed.address)).toMatch(/127\.0\.0\.1|::1/u);
  });
});
