import { REFUSAL_MESSAGE } from "../answer/refusal-message.ts";
import type { GenerateEvent } from "../core/answer.ts";
import type { OtherUsersDataRequest } from "../guard/detect-other-users-data-request.ts";

/**
 * The events of a refusal for a question that asks for other users' data (see
 * `detectOtherUsersDataRequest`), shaped like a generator's refusal so the answer pipeline
 * treats it as any other: the refusal message, the reason, zero usage, finish. No model is called.
 */
export async function* refuseOtherUsersData(request: OtherUsersDataRequest): AsyncGenerator<GenerateEvent> {
  yield { type: "text-delta", text: REFUSAL_MESSAGE };
  yield {
    type: "refusal",
    reason: `The question asks for data of someone else ("${request.whose}": "${request.what}"). Docent answers questions about the documentation and never gives out other users' questions, contact details or credentials (answer.refuseOtherUsersData).`,
  };
  yield { type: "usage", usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, estimated: false } };
  yield { type: "finish" };
}
