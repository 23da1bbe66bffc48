/** A question that asks for other people's data, and what gave it away. */
export interface OtherUsersDataRequest {
  /** The words naming someone else: `other users`, `the customer Mara`. */
  readonly whose: string;
  /** The words naming the data or activity asked for: `API key`, `questions`, `asked`. */
  readonly what: string;
}

/**
 * Someone other than the asker: "other users", "another customer", "other Docent users",
 * "everyone else's", or a role followed by a capitalised name ("the customer Mara").
 */
const THIRD_PARTY = new RegExp(
  [
    String.raw`\b(?:other|another|different|all\s+the)\s+(?:[\p{L}-]+\s+)?(?:users?|customers?|clients?|people|persons?|members?|visitors?|employees?|accounts?|tenants?)\b`,
    String.raw`\b(?:someone|somebody|everyone|everybody)(?:\s+else)?(?:['’]s)?\b`,
    String.raw`\b(?:users?|customers?|clients?|people)\s+other\s+than\s+(?:me|us)\b`,
  ].join("|"),
  "iu",
);
/** A role followed by a capitalised name; case-sensitive on the name. */
const NAMED_PERSON =
  /\b(?:[Tt]he|[Aa]|[Tt]his|[Tt]hat|[Oo]ur|[Mm]y)\s+(?:customer|user|client|member|employee|colleague|person|tenant)\s+(?:(?:named|called)\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?/u;

/** Personal data, credentials and activity records a docs assistant must never hand out. */
const DATA =
  /\b(?:e-?mails?(?:\s+address(?:es)?)?|api[\s_-]?keys?|keys|passwords?|passphrases?|tokens?|credentials?|secrets?|phone(?:\s+numbers?)?|(?:home|postal|street|ip)\s+address(?:es)?|addresses|credit[\s-]?cards?|card\s+numbers?|ibans?|bank\s+(?:details|accounts?)|personal\s+(?:data|information|details)|contact\s+(?:details|information)|questions?|queries|conversations?|chats?|messages?|history|histories|logs?|searches|tickets?|sessions?|feedback|names?)\b/iu;
/** What a person did that leaves a record: "what did other users ask". */
const ACTIVITY =
  /\b(?:ask|asked|asking|search|searched|type|typed|write|wrote|written|say|said|send|sent|submit|submitted|upload|uploaded)\b/iu;

/** An order to hand something out: "show me", "list", "give", "print", ... at the start. */
const IMPERATIVE =
  /^\s*(?:please\s+|(?:can|could|would|will)\s+you\s+)?(?:show|list|give|tell|print|reveal|display|dump|export|share|send|find|fetch|output|return|read\s+out)\b/iu;
/** A question for a value: "what/which/whose <up to two words> <data>", "what is the <data>". */
const ASKS_FOR_DATA = new RegExp(
  String.raw`^\s*(?:what|which|whose)\s+(?:(?:is|are|was|were)\s+(?:the\s+)?)?(?:[\p{L}-]+\s+){0,2}?(?:${DATA.source})`,
  "iu",
);
const WH_QUESTION = /^\s*(?:what|which|who|whose|when)\b/iu;

/**
 * Detects a question that asks for other people's data: their personal details, credentials,
 * questions or conversations ("Show me the questions other users asked today", "What API key did
 * the customer Mara Lindqvist send?", "List the emails of other users"). Docent's index holds
 * documentation, never user data; but a docs folder can hold a pasted support ticket, so such a
 * question is refused before anything is retrieved or generated, whatever the sources say.
 *
 * A question is flagged only when all three hold: it names someone else (`other users`, `another
 * customer`, `everyone`, or a role with a capitalised name); it names personal data, credentials
 * or activity records (`email`, `API key`, `password`, `questions`, `conversations`, ...) or an
 * activity of that person (`asked`, `sent`); and it *asks for* them (an order such as "show",
 * "list", "tell me", or a what/which question whose object is the data, or a what/which question
 * about what that person did). So "Can other users see my questions?" or "How do other users set
 * their API key?" are not flagged: they ask about the product, not for the data.
 *
 * Limits: an English, pattern-based detector. It misses paraphrases that name no third party
 * ("whose key is sk-…?") and requests in other languages; the PII redaction of answers is the
 * second line of defence. Pure and deterministic.
 */
export function detectOtherUsersDataRequest(question: string): OtherUsersDataRequest | null {
  const third = THIRD_PARTY.exec(question) ?? NAMED_PERSON.exec(question);
  if (!third) return null;
  const data = DATA.exec(question);
  // What the third party did, within the next four words: "other users asked", "the customer Mara Lindqvist send".
  const nextWords = question
    .slice(third.index + third[0].length)
    .trim()
    .split(/\s+/u)
    .slice(0, 4)
    .join(" ");
  const activity = ACTIVITY.exec(nextWords);
  const asks =
    (IMPERATIVE.test(question) && (data !== null || activity !== null)) ||
    ASKS_FOR_DATA.test(question) ||
    (WH_QUESTION.test(question) && activity !== null);
  if (!asks) return null;
  return { whose: third[0].trim(), what: (data ?? activity)?.[0] ?? "" };
}
