import { escapeMarkup } from "./escape-markup.ts";

/** One bar: a label, a value and the text printed beside it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

/**
 * A horizontal bar chart as inline SVG (no script, no external resources). Values are drawn on
 * a 0..`max` scale. Every label is escaped.
 */
export function barChartSvg(title: string, bars: readonly Bar[], max = 1): string {
  const rowHeight = 22;
  const labelWidth = 170;
  const barWidth = 300;
  const height = 28 + bars.length * rowHeight;
  const rows = bars.map((bar, index) => {
    const y = 24 + index * rowHeight;
    const width = max > 0 ? Math.max(0, Math.min(1, bar.value / max)) * barWidth : 0;
    return [
      `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end" ${FONT}>${escapeMarkup(truncate(bar.label, 26))}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="16" fill="#eee"/>`,
      `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="16" fill="${bar.value >= max ? "#2e7d32" : "#1565c0"}"/>`,
      `<text x="${labelWidth + barWidth + 6}" y="${y + 13}" ${FONT}>${escapeMarkup(bar.text)}</text>`,
    ].join("");
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${labelWidth + barWidth + 110}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 110} ${height}"><title>${escapeMarkup(title)}</title><text x="0" y="14" font-weight="bold" ${FONT}>${escapeMarkup(title)}</text>${rows.join("")}</svg>`;
}

/**
 * A histogram of `values` in `bins` equal-width bins as inline SVG, with the range and unit on
 * the axis. An empty sample draws an empty frame.
 */
export function histogramSvg(title: string, values: readonly number[], unit: string, bins = 12): string {
  const width = 480;
  const height = 160;
  const plotTop = 24;
  const plotHeight = 100;
  const min = values.length > 0 ? Math.min(...values) : 0;
  const max = values.length > 0 ? Math.max(...values) : 0;
  const span = max - min || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) {
    const bin = Math.min(bins - 1, Math.floor(((value - min) / span) * bins));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const highest = Math.max(1, ...counts);
  const binWidth = width / bins;
  const rects = counts.map((count, index) => {
    const barHeight = (count / highest) * plotHeight;
    return `<rect x="${(index * binWidth + 1).toFixed(1)}" y="${(plotTop + plotHeight - barHeight).toFixed(1)}" width="${(binWidth - 2).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="#6a1b9a"><title>${count}</title></rect>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeMarkup(title)}</title><text x="0" y="14" font-weight="bold" ${FONT}>${escapeMarkup(title)}</text>${rects.join("")}<line x1="0" y1="${plotTop + plotHeight}" x2="${width}" y2="${plotTop + plotHeight}" stroke="#333"/><text x="0" y="${plotTop + plotHeight + 16}" ${FONT}>${escapeMarkup(`${formatNumber(min)} ${unit}`)}</text><text x="${width}" y="${plotTop + plotHeight + 16}" text-anchor="end" ${FONT}>${escapeMarkup(`${formatNumber(max)} ${unit}`)}</text><text x="${width / 2}" y="${plotTop + plotHeight + 16}" text-anchor="middle" ${FONT}>${escapeMarkup(`n = ${values.length}, tallest bar ${highest}`)}</text></svg>`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
