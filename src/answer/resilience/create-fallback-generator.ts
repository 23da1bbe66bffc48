import type { GenerateEvent, GenerateOptions, Generator, GroundedPrompt } from "../../core/answer.ts";
import { DocentError } from "../../core/errors.ts";

/**
 * A fallback chain (e.g. Anthropic → OpenAI → extractive): asks each member in turn and moves
 * to the next when one fails *before streaming any text* (after text the user has seen part of
 * an answer, so the error is reported instead). Each move is announced with a
 * `provider-failed` event (`action: "fallback"`). `usage` and `finish` name the member that
 * answered. The chain's own `provider`/`modelId` are those of its first member.
 */
export function createFallbackGenerator(members: readonly Generator[]): Generator {
  const first = members[0];
  if (!first) throw new DocentError("CONFIG_INVALID", "A fallback chain needs at least one generator");
  if (members.length === 1) return first;
  return {
    provider: first.provider,
    modelId: first.modelId,
    async *generate(prompt: GroundedPrompt, options: GenerateOptions = {}) {
      for (const [index, member] of members.entries()) {
        let failure: Error | null = null;
        let sawText = false;
        for await (const event of member.generate(prompt, options)) {
          if (event.type === "error") {
            failure = event.error;
            break;
          }
          if (event.type === "text-delta") sawText = true;
          if (event.type === "usage" || event.type === "finish") {
            yield {
              ...event,
              provider: event.provider ?? member.provider,
              modelId: event.modelId ?? member.modelId,
            };
          } else {
            yield event;
          }
        }
        if (failure === null) return;
        const last = index === members.length - 1;
        if (sawText || last || options.signal?.aborted) {
          yield { type: "error", error: failure } satisfies GenerateEvent;
          return;
        }
        yield {
          type: "provider-failed",
          provider: member.provider,
          modelId: member.modelId,
          error: failure,
          action: "fallback",
          delayMs: 0,
        } satisfies GenerateEvent;
      }
    },
  };
}
