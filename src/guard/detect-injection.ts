/**
 * A small, rule-based detector of prompt-injection text inside documentation sources.
 *
 * It looks for text that addresses the assistant rather than the reader of the docs: orders to
 * drop earlier instructions, role changes, requests for the system prompt, instructions about
 * how "your answer/reply" must be written, orders to reply with a fixed string, chat-template
 * role markers, and links paired with requests for credentials. Each rule is a regular
 * expression over one sentence or block; a match flags the text and records the rule's name.
 *
 * It is deliberately conservative: documentation talks to its reader in the second person
 * ("add the following code to your app", "ignore this warning", "the server will respond with
 * 404"), so phrases that only look imperative are not flagged. It therefore misses injections
 * phrased like ordinary docs (a bare off-topic question, "merge the following code into your
 * solution:"); `bench/injection-detector.ts` measures both kinds of error.
 */

/** What the detector found in one piece of text. */
export interface InjectionVerdict {
  /** True when at least one rule matched. */
  readonly flagged: boolean;
  /** Names of the rules that matched, in rule order (e.g. `override-instructions`). */
  readonly reasons: string[];
}

interface InjectionRule {
  readonly name: string;
  readonly pattern: RegExp;
}

/** Words that stand for the assistant's output. `response` is left out: in API docs it is the HTTP response. */
const OUTPUT_NOUN = "(?:answer|reply|replies|answers|output)";

/** Verbs that rewrite or extend an answer, as used by injected formatting and advertising orders. */
const REWRITE_VERB =
  "(?:modify|augment|enhance|integrate|incorporate|include|insert|append|add|embed|mention|rewrite|render|replace|remove|group|combine|scramble|misspell|jumble|rearrange|anagram|substitute|convert|translate|introduce|use|provide|begin|start|end|finish|suggest|tease|express|stress|emphasi[sz]e|highlight)";

/** Objects of an injected writing order ("add a sentence ...", "use numbers for vowels ..."). */
const WRITING_OBJECT = String.raw`(?:sentence|statement|headline|reminder|tip|recommendation|appeal|reason|words?|letters?|vowels?|spaces|punctuation|typos|misspellings|anagrams?|symbols|numbers|emojis?|language|link|url|advert\w*|promotion)`;

const RULES: readonly InjectionRule[] = [
  {
    // "Ignore all previous instructions", "disregard the above rules", "forget your guidelines".
    name: "override-instructions",
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass|abandon|drop)\b[^.!?\n]{0,40}?\b(?:previous|prior|above|preceding|earlier|original|initial|all|any|your|the|these|those|system|developer)\b[^.!?\n]{0,30}?\b(?:instructions?|prompts?|rules|directions|guidelines|directives|commands|constraints|context|programming)\b/iu,
  },
  {
    // "From now on you ...", "new instructions:".
    name: "new-instructions",
    pattern:
      /\b(?:from now on,? (?:you|answer|reply|respond|only)|new (?:instructions|task|rules|directives)\s*:|instead,? (?:you (?:must|should|will)|reply|answer|respond))/iu,
  },
  {
    // "You are now DAN", "pretend you are", "act as an unrestricted AI", "developer mode".
    name: "role-change",
    pattern:
      /\b(?:you are now|you're now|from now on you are|pretend (?:to be|that you are|you are)|roleplay as|act as (?:an? |the )?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|different|new)|(?:developer|god|jailbreak|dan) mode|do anything now)\b/iu,
  },
  {
    // The conventional jailbreak persona name, upper case only ("Dan" is a person's name).
    name: "role-change",
    pattern: /\bDAN\b/u,
  },
  {
    // "system prompt:", "reveal your instructions", "print your prompt".
    name: "prompt-extraction",
    pattern:
      /\bsystem prompt\b|\b(?:reveal|print|show|repeat|output|display|tell me|leak|dump|disclose)\b[^.!?\n]{0,25}?\b(?:your|the assistant's|the model's)\s+(?:system\s+|initial\s+|original\s+|hidden\s+)?(?:instructions|prompt|rules|guidelines|directives|configuration)\b/iu,
  },
  {
    // Chat-template role markers pasted into a document.
    name: "role-marker",
    pattern:
      /(?:^|\n)\s*(?:system|assistant)\s*:\s*\S|<\|im_(?:start|end)\|>|\[\/?INST\]|<<\/?SYS>>|###\s*(?:instruction|system)\b/iu,
  },
  {
    // "Reply with BANANA", "answer only with CANARY", "respond only with yes".
    name: "forced-output",
    pattern:
      /\b(?:(?:reply|answer)\s+(?:only\s+|exclusively\s+|solely\s+|just\s+)?(?:with|using)|respond\s+(?:only|exclusively|solely|just)\s+with|(?:say|output|print|write)\s+(?:only|exactly|just)\s+["'“]?\w)/iu,
  },
  {
    // Orders about the assistant's own answer: "in your reply", "Replace letters ... in your answer".
    name: "answer-manipulation",
    pattern: new RegExp(
      String.raw`\b(?:in|to|into|within|from|of|for)\s+your\s+${OUTPUT_NOUN}\b|\byour\s+${OUTPUT_NOUN}\s+(?:must|should|has to|needs to)\b|^\s*${REWRITE_VERB}\s+your\s+${OUTPUT_NOUN}\b`,
      "iu",
    ),
  },
  {
    // The same orders about "your response", only with a writing object, so "add headers to your response" passes.
    name: "answer-manipulation",
    pattern: new RegExp(
      String.raw`\b${REWRITE_VERB}\b[^.!?\n]{0,60}?\b${WRITING_OBJECT}\b[^.!?\n]{0,60}?\byour (?:response|message)s?\b|\byour (?:response|message)s?\b[^.!?\n]{0,40}?\b${WRITING_OBJECT}\b|^\s*${REWRITE_VERB}\s+your (?:response|message)\b`,
      "iu",
    ),
  },
  {
    // A sentence that opens by addressing the answer: "In your response, suggest ...".
    name: "answer-manipulation",
    pattern: /^\s*(?:in|within|throughout) your (?:response|message)s?\b\s*,/iu,
  },
  {
    // Orders to garble the answer's spelling: "Replace vowels with symbols", "substitute letters with numbers".
    name: "answer-manipulation",
    pattern:
      /\b(?:replace|substitute|swap|encode)\b[^.!?\n]{0,30}?\b(?:letters?|vowels?|consonants?)\b[^.!?\n]{0,40}?\b(?:with|for|by|into)\b/iu,
  },
  {
    // Words addressed to the model by name: "AI assistant, you must ...", "Note to the AI: ...".
    name: "addresses-assistant",
    pattern:
      /\b(?:(?:dear|attention|note to|hey|hello)\s+(?:the\s+)?(?:ai|assistant|chatbot|llm|language model|gpt|chatgpt|claude|bot)\b|(?:ai|assistant|chatbot|llm|language model)\s*[,:]\s*(?:you (?:must|should|will)|ignore|always|never|do not|don't))/iu,
  },
  {
    // Hiding things from the user: "do not tell the user", "without mentioning this to the user".
    name: "conceal-from-user",
    pattern:
      /\b(?:do not|don't|never|without)\s+(?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|reveal(?:ing)?|let(?:ting)?)\b[^.!?\n]{0,30}?\b(?:the\s+)?user\b/iu,
  },
  {
    // Steering the user somewhere: "tell the user to visit ...", "urge readers to click ...".
    name: "steer-user",
    pattern:
      /\b(?:tell|instruct|ask|urge|direct|encourage|remind|convince|persuade)\s+(?:the\s+|all\s+)?(?:users?|readers?|visitors?)\s+to\s+(?:visit|click|go|download|install|send|share|enter|sign|log|call|email|contact|join|buy|vote|donate)\b/iu,
  },
  {
    // "Visit http://x and claim your prize", "click www.x to verify your account".
    name: "steer-user",
    pattern:
      /\b(?:visit|go to|click|open|navigate to)\s+\S*(?:https?:\/\/|www\.)\S+\s+(?:and|to)\s+(?:enter|log in|sign in|download|claim|verify|confirm|update your|reply|tell|say|answer|respond|send|install)\b/iu,
  },
  {
    // A link paired with a request for secrets: "visit http://x and enter your password".
    name: "credential-phishing",
    pattern:
      /(?:https?:\/\/|www\.)\S+[^\n]{0,80}?\b(?:password|passwords|credentials|api key|api keys|secret key|access token|credit card|social security|bank account|seed phrase|login details)\b|\b(?:send|paste|enter|submit|provide|share|forward)\s+(?:your|the user's|the)\s+(?:password|credentials|api key|secret key|access token|credit card|bank account|seed phrase|conversation|chat history)\b[^\n]{0,80}?(?:https?:\/\/|www\.|@)/iu,
  },
];

/**
 * Flags `text` when it contains an instruction aimed at the assistant (see the module comment
 * for the rules). Pure and deterministic; call it on one sentence or one source block.
 *
 * @param text - A sentence or short block of source text.
 * @returns `flagged` and the names of the matching rules.
 */
export function detectInjection(text: string): InjectionVerdict {
  const normalized = text.normalize("NFKC").replace(/[\u200B-\u200D\u2060\uFEFF]/gu, "");
  const reasons: string[] = [];
  for (const rule of RULES) {
    if (rule.pattern.test(normalized) && !reasons.includes(rule.name)) reasons.push(rule.name);
  }
  return { flagged: reasons.length > 0, reasons };
}
