import { describe, expect, it } from "vitest";
import { GLOVE, model } from "../../test/helpers/models.ts";
import { isDocentError } from "../core/errors.ts";
import { createCrossEncoderReranker } from "./create-cross-encoder-reranker.ts";

// No cross-encoder is available offline here, so what can be tested is that a configured
// reranker that is not usable fails loudly, with the reason, instead of being skipped.
describe("cross-encoder reranker", () => {
  it("rejects a location that is neither a folder nor a hub id", async () => {
    const error = await createCrossEncoderReranker({ model: "./missing-reranker", cwd: process.cwd() }).catch(
      (caught) => caught,
    );
    expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
    expect(error.message).toMatch(/rerank\.model = "\.\/missing-reranker"/);
  });

  const glove = model(GLOVE);
  it.runIf(glove.available)("refuses an embedding model folder: it is not a cross-encoder", async () => {
    const error = await createCrossEncoderReranker({ model: glove.path, cwd: process.cwd() }).catch(
      (caught) => caught,
    );
    expect(isDocentError(error, "PROVIDER_ERROR")).toBe(true);
    expect(error.message).toMatch(/rerank model derived__glove-6B-100d-sif could not be used: .+/);
  });
});
