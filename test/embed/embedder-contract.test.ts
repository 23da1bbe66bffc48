import { createLocalEmbedder } from "../../src/embed/create-local-embedder.ts";
import { createUseLiteEmbedder, USE_LITE_MODEL } from "../../src/embed/create-use-lite-embedder.ts";
import { createWorkerEmbedder } from "../../src/embed/create-worker-embedder.ts";
import { GLOVE, model } from "../helpers/models.ts";
import { describeEmbedderContract } from "./embedder-contract.ts";

const glove = model(GLOVE);
const gloveExpectations = {
  provider: "local",
  modelId: GLOVE,
  dimensions: 100,
  paraphraseSimilarity: 0.6,
  paraphraseMargin: 0.3,
};
// USE-lite's weights are an npm dependency, so these always run.
const useExpectations = {
  provider: "tfjs",
  modelId: USE_LITE_MODEL,
  dimensions: 512,
  paraphraseSimilarity: 0.5,
  paraphraseMargin: 0.3,
};

if (glove.available) {
  describeEmbedderContract(
    "GloVe-SIF through transformers.js",
    () => createLocalEmbedder({ model: glove.path, cwd: process.cwd(), maxBatchSize: 2 }),
    gloveExpectations,
  );
}
describeEmbedderContract(
  "USE-lite (bundled, TF.js)",
  () => createUseLiteEmbedder({ maxBatchSize: 4 }),
  useExpectations,
);
describeEmbedderContract(
  "USE-lite in a worker thread",
  () => createWorkerEmbedder({ model: USE_LITE_MODEL, cwd: process.cwd(), maxBatchSize: 4 }),
  useExpectations,
);
