import "./style.css";
import "uplot/dist/uPlot.min.css";
import uPlot from "uplot";

interface DailyStats {
  day: string;
  answers: number;
  errors: number;
  refusals: number;
  costUsd: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const keyInput = element<HTMLInputElement>("api-key");
const keyStatus = element("key-status");

async function adminGet<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${keyInput.value}` } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
    throw new Error(problem?.error?.message ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

function cell(row: HTMLTableRowElement, text: string): void {
  const td = row.insertCell();
  td.textContent = text;
}

/** US dollars with enough digits for LLM costs (a grounded answer costs fractions of a cent). */
function formatUsd(value: number): string {
  return `$${value >= 1 ? value.toFixed(2) : value.toFixed(6)}`;
}

function chart(
  target: HTMLElement,
  days: DailyStats[],
  series: Array<[string, (day: DailyStats) => number | null]>,
  format: (value: number) => string = (value) => String(Math.round(value * 1000) / 1000),
): void {
  const x = days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
  const data: uPlot.AlignedData = [x, ...series.map(([, pick]) => days.map(pick))];
  const colors = ["#0b6bcb", "#c4320a", "#2f8132", "#8e44ad"];
  target.replaceChildren();
  new uPlot(
    {
      width: Math.min(900, target.clientWidth || 900),
      height: 200,
      series: [
        {},
        ...series.map(([label], index) => ({
          label,
          stroke: colors[index % colors.length],
          points: { show: true },
          value: (_plot: uPlot, value: number | null) => (value === null ? "–" : format(value)),
        })),
      ],
      axes: [{}, { values: (_plot: uPlot, ticks: number[]) => ticks.map(format), size: 80 }],
    },
    data,
    target,
  );
}

async function load(): Promise<void> {
  const [{ days }, { gaps }, { answers }] = await Promise.all([
    adminGet<{ days: DailyStats[] }>("/api/admin/stats?days=30"),
    adminGet<{
      gaps: Array<{
        topic: string;
        refused: number;
        downRated: number;
        examples: Array<{ question: string }>;
      }>;
    }>("/api/admin/gaps?days=30"),
    adminGet<{
      answers: Array<{
        id: string;
        createdAt: string;
        question: string;
        refused: boolean;
        feedback: Array<{ rating: string; comment: string | null }>;
      }>;
    }>("/api/admin/answers?limit=50"),
  ]);
  element("dashboard").hidden = false;
  keyStatus.textContent = "";
  chart(element("chart-latency"), days, [
    ["p50", (day) => day.latencyP50Ms],
    ["p95", (day) => day.latencyP95Ms],
    ["p99", (day) => day.latencyP99Ms],
  ]);
  const totalCost = days.reduce((sum, day) => sum + day.costUsd, 0);
  const answered = days.reduce((sum, day) => sum + day.answers, 0);
  element("cost-total").textContent =
    `${formatUsd(totalCost)} over the last 30 days (${answered} answer${answered === 1 ? "" : "s"})`;
  chart(element("chart-cost"), days, [["cost (USD)", (day) => day.costUsd]], formatUsd);
  chart(element("chart-rates"), days, [
    ["error rate", (day) => (day.answers ? day.errors / day.answers : 0)],
    ["refusal rate", (day) => (day.answers ? day.refusals / day.answers : 0)],
  ]);

  const gapTable = element<HTMLTableElement>("gaps");
  gapTable.replaceChildren();
  for (const gap of gaps) {
    const row = gapTable.insertRow();
    cell(row, gap.topic);
    cell(row, `${gap.refused} refused, ${gap.downRated} down-rated`);
    cell(row, gap.examples.map((example) => example.question).join(" · "));
  }

  const recent = element<HTMLTableElement>("recent");
  recent.replaceChildren();
  for (const answer of answers) {
    const row = recent.insertRow();
    row.className = "clickable";
    row.dataset.answerId = answer.id;
    cell(row, answer.createdAt.replace("T", " ").slice(0, 19));
    cell(row, answer.question);
    cell(row, answer.refused ? "refused" : "answered");
    cell(
      row,
      answer.feedback
        .map((item) => (item.rating === "up" ? "👍" : "👎") + (item.comment ? ` ${item.comment}` : ""))
        .join(" "),
    );
    row.addEventListener("click", async () => {
      const trace = await adminGet<unknown>(`/api/admin/answers/${encodeURIComponent(answer.id)}`);
      element("trace").textContent = JSON.stringify(trace, null, 2);
    });
  }
}

element<HTMLFormElement>("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("docent-admin-key", keyInput.value);
  load().catch((error: unknown) => {
    keyStatus.textContent = error instanceof Error ? error.message : String(error);
  });
});
const saved = sessionStorage.getItem("docent-admin-key");
if (saved) {
  keyInput.value = saved;
  void load().catch(() => {});
}
