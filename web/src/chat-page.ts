import "./style.css";
import { renderSafeMarkdown } from "./render-safe-markdown.ts";

interface Citation {
  n: number;
  chunkId: string;
  url: string;
  title: string;
}
interface Answer {
  id: string;
  answer: string;
  refused: boolean;
  truncated?: boolean;
  citations: Citation[];
  retrieved: Array<{ chunkId: string; url: string; title: string }>;
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = element<HTMLFormElement>("ask-form");
const questionInput = element<HTMLInputElement>("question");
const answerSection = element("answer");
const answerText = element("answer-text");
const citationList = element("citations");
const refusal = element("refusal");
const answerStatus = element("answer-status");
const feedback = element("feedback");
const feedbackStatus = element("feedback-status");
const preview = element("preview");
const source = element("source");
let answerId: string | null = null;

async function fetchChunk(chunkId: string) {
  const response = await fetch(`/api/chunks/${encodeURIComponent(chunkId)}`);
  if (!response.ok) throw new Error(`source ${chunkId}: ${response.status}`);
  return (await response.json()) as {
    title: string;
    headingPath: string[];
    anchor: string | null;
    url: string;
    text: string;
  };
}

/** Shows a chunk in the source view, at its heading anchor. */
async function openSource(chunkId: string): Promise<void> {
  const chunk = await fetchChunk(chunkId);
  const heading = document.createElement("h2");
  heading.id = chunk.anchor ?? "top";
  heading.textContent = [chunk.title, ...chunk.headingPath].join(" › ");
  const body = document.createElement("div");
  body.className = "source-body";
  renderSafeMarkdown(body, chunk.text);
  const original = document.createElement("p");
  original.textContent = `Source: ${chunk.url}`;
  source.replaceChildren(heading, body, original);
  source.hidden = false;
  heading.scrollIntoView();
}

async function showPreview(chunkId: string, anchor: HTMLElement): Promise<void> {
  const chunk = await fetchChunk(chunkId);
  const body = document.createElement("div");
  renderSafeMarkdown(body, chunk.text.length > 600 ? `${chunk.text.slice(0, 600)}…` : chunk.text);
  preview.replaceChildren(body);
  preview.hidden = false;
  preview.dataset.for = anchor.dataset.chunkId ?? "";
}

function citationLink(citation: Citation): HTMLAnchorElement {
  const link = document.createElement("a");
  link.className = "citation";
  link.href = `#source=${encodeURIComponent(citation.chunkId)}`;
  link.dataset.chunkId = citation.chunkId;
  link.textContent = `[${citation.n}]`;
  link.title = citation.title;
  link.addEventListener("mouseenter", () => void showPreview(citation.chunkId, link));
  link.addEventListener("focus", () => void showPreview(citation.chunkId, link));
  return link;
}

/** Replaces `[n]` markers in the answer text with citation links (text nodes only: no HTML injection). */
function renderAnswerText(text: string, citations: Citation[]): void {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const nodes: Node[] = [];
  let at = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const citation = byNumber.get(Number(match[1]));
    if (!citation) continue;
    nodes.push(document.createTextNode(text.slice(at, match.index)), citationLink(citation));
    at = match.index + match[0].length;
  }
  nodes.push(document.createTextNode(text.slice(at)));
  answerText.replaceChildren(...nodes);
}

function onEvent(name: string, data: unknown, citations: Citation[]): void {
  if (name === "answer-id") answerId = (data as { answerId: string }).answerId;
  else if (name === "text-delta") answerText.append((data as { text: string }).text);
  else if (name === "citation") {
    const citation = (data as { citation: Citation }).citation;
    citations.push(citation);
    const item = document.createElement("li");
    const link = citationLink(citation);
    link.textContent = `[${citation.n}] ${citation.title}`;
    item.append(link);
    citationList.append(item);
  } else if (name === "refusal") {
    refusal.hidden = false;
    refusal.textContent = `No answer in the docs: ${(data as { reason: string }).reason}`;
  } else if (name === "provider-failed") {
    const failed = data as { provider: string; action: "retry" | "fallback" };
    answerStatus.hidden = false;
    answerStatus.textContent =
      failed.action === "retry"
        ? `${failed.provider} did not answer; retrying…`
        : `${failed.provider} did not answer; trying another provider…`;
  } else if (name === "finish") {
    const answer = (data as { answer: Answer }).answer;
    answerStatus.hidden = !answer.truncated;
    answerStatus.textContent = answer.truncated ? "This answer hit the length limit and is cut off." : "";
    if (answer.refused) {
      answerText.textContent = "";
      const suggestions = document.createElement("ul");
      suggestions.className = "suggestions";
      for (const item of answer.retrieved.slice(0, 3)) {
        const entry = document.createElement("li");
        const link = document.createElement("a");
        link.href = `#source=${encodeURIComponent(item.chunkId)}`;
        link.textContent = `Look in: ${item.title}`;
        entry.append(link);
        suggestions.append(entry);
      }
      refusal.append(suggestions);
    } else renderAnswerText(answer.answer, citations);
    feedback.hidden = false;
  } else if (name === "error") {
    refusal.hidden = false;
    refusal.textContent = `Error: ${(data as { message: string }).message}`;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  answerSection.hidden = false;
  for (const node of [answerText, citationList, refusal, feedbackStatus]) node.replaceChildren();
  refusal.hidden = true;
  answerStatus.hidden = true;
  answerStatus.textContent = "";
  feedback.hidden = true;
  const citations: Citation[] = [];
  const response = await fetch("/api/ask", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ question: questionInput.value }),
  });
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
    onEvent("error", { message: problem?.error?.message ?? `HTTP ${response.status}` }, citations);
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary = buffer.indexOf("\n\n");
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) onEvent(name, JSON.parse(data), citations);
      boundary = buffer.indexOf("\n\n");
    }
  }
});

async function sendFeedback(rating: "up" | "down"): Promise<void> {
  if (!answerId) return;
  const comment = element<HTMLInputElement>("feedback-comment").value;
  const response = await fetch("/api/feedback", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ answerId, rating, ...(comment ? { comment } : {}) }),
  });
  feedbackStatus.textContent = response.ok ? "Thanks for the feedback." : "Feedback failed.";
}
element("thumbs-up").addEventListener("click", () => void sendFeedback("up"));
element("thumbs-down").addEventListener("click", () => void sendFeedback("down"));

function route(): void {
  const match = /^#source=(.+)$/.exec(window.location.hash);
  if (match?.[1]) void openSource(decodeURIComponent(match[1]));
}
window.addEventListener("hashchange", route);
route();
