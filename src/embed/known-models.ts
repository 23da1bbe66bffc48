/** Defaults that a model's authors specify for retrieval: pooling and instruction prefixes. */
export interface ModelDefaults {
  /** How token vectors become one sentence vector. */
  readonly pooling: "mean" | "cls";
  /** Put before a question before embedding it. */
  readonly queryPrefix: string;
  /** Put before a passage before embedding it. */
  readonly documentPrefix: string;
}

const BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

/**
 * Known families, matched on the model id (case-insensitive). BGE v1.5 English models use CLS
 * pooling and an instruction for queries only (per the BAAI model cards); E5 models want
 * `query: ` / `passage: `; GTE and MiniLM use mean pooling and no prefix.
 */
const FAMILIES: ReadonlyArray<readonly [RegExp, ModelDefaults]> = [
  [/bge-[a-z]+-en/iu, { pooling: "cls", queryPrefix: BGE_QUERY_INSTRUCTION, documentPrefix: "" }],
  [/(^|\/)(multilingual-)?e5-/iu, { pooling: "mean", queryPrefix: "query: ", documentPrefix: "passage: " }],
];

const FALLBACK: ModelDefaults = { pooling: "mean", queryPrefix: "", documentPrefix: "" };

/** The retrieval defaults of a model id (a hub id or a folder name); mean pooling and no prefixes if unknown. */
export function modelDefaults(modelId: string): ModelDefaults {
  for (const [pattern, defaults] of FAMILIES) if (pattern.test(modelId)) return defaults;
  return FALLBACK;
}

/** The model Docent recommends for local embeddings (downloaded once, ~130 MB in fp32). */
export const RECOMMENDED_EMBEDDING_MODEL = "Xenova/bge-small-en-v1.5";
