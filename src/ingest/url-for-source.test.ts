import { describe, expect, it } from "vitest";
import { urlForSource } from "./url-for-source.ts";

describe("urlForSource", () => {
  it("is the source path when there is no base URL", () => {
    expect(urlForSource("guide/install.md")).toBe("guide/install.md");
  });

  it("maps files to directory URLs under the base, with or without a trailing slash", () => {
    expect(urlForSource("guide/install.md", "https://docs.example.com")).toBe(
      "https://docs.example.com/guide/install/",
    );
    expect(urlForSource("guide/install.md", "https://docs.example.com/v2/")).toBe(
      "https://docs.example.com/v2/guide/install/",
    );
  });

  it("maps index and README files to their folder", () => {
    expect(urlForSource("guide/index.md", "https://docs.example.com")).toBe(
      "https://docs.example.com/guide/",
    );
    expect(urlForSource("guide/README.md", "https://docs.example.com")).toBe(
      "https://docs.example.com/guide/",
    );
    expect(urlForSource("index.md", "https://docs.example.com/")).toBe("https://docs.example.com/");
  });

  it("percent-encodes path segments", () => {
    expect(urlForSource("guía/what is #1?.md", "https://docs.example.com")).toBe(
      "https://docs.example.com/gu%C3%ADa/what%20is%20%231%3F/",
    );
  });
});
