/**
 * A small hand-written SVG chart (two panels: query p95 and peak RSS against corpus size, log
 * scales, one line per engine). Hand-written because it is about 60 lines and a charting
 * library would pull in a DOM or canvas for one static picture.
 */
const COLORS = ["#1b6ac9", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#495057"];

export function renderChart(results: ReadonlyArray<Record<string, unknown>>): string {
  // The latest result per (engine, size).
  const latest = new Map<string, Record<string, unknown>>();
  for (const result of results) latest.set(`${result.engine}@${result.chunks}`, result);
  const rows = [...latest.values()];
  const engines = [...new Set(rows.map((row) => String(row.engine)))];
  const panels = [
    {
      title: "query p95 (ms, log)",
      value: (row: Record<string, unknown>) => (row.latencyMs as { p95: number }).p95,
    },
    { title: "peak RSS (MB, log)", value: (row: Record<string, unknown>) => row.peakRssMb as number },
  ];
  const width = 360;
  const height = 240;
  const margin = 40;
  const sizes = [...new Set(rows.map((row) => row.chunks as number))].sort((a, b) => a - b);
  const x = (size: number) =>
    margin +
    (sizes.length < 2
      ? 0
      : ((Math.log10(size) - Math.log10(sizes[0] as number)) /
          (Math.log10(sizes.at(-1) as number) - Math.log10(sizes[0] as number))) *
        (width - 2 * margin));
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * width}" height="${height + 20 * engines.length}" font-family="sans-serif" font-size="11">`;
  panels.forEach((panel, panelIndex) => {
    const values = rows.map(panel.value).filter((value) => value > 0);
    const low = Math.log10(Math.min(...values) / 1.5);
    const high = Math.log10(Math.max(...values) * 1.5);
    const y = (value: number) =>
      height - margin - ((Math.log10(value) - low) / (high - low)) * (height - 2 * margin);
    const offset = panelIndex * width;
    svg += `<g transform="translate(${offset},0)"><text x="${margin}" y="16" font-weight="bold">${panel.title}</text>`;
    svg += `<line x1="${margin}" y1="${height - margin}" x2="${width - margin}" y2="${height - margin}" stroke="#999"/>`;
    for (const size of sizes)
      svg += `<text x="${x(size)}" y="${height - margin + 14}" text-anchor="middle">${size / 1000}k</text>`;
    for (const tick of [1, 10, 100, 1000, 10000]) {
      if (Math.log10(tick) < low || Math.log10(tick) > high) continue;
      svg += `<text x="${margin - 4}" y="${y(tick) + 4}" text-anchor="end">${tick}</text><line x1="${margin}" y1="${y(tick)}" x2="${width - margin}" y2="${y(tick)}" stroke="#eee"/>`;
    }
    engines.forEach((engine, engineIndex) => {
      const points = rows
        .filter((row) => row.engine === engine && panel.value(row) > 0)
        .sort((a, b) => (a.chunks as number) - (b.chunks as number))
        .map((row) => `${x(row.chunks as number).toFixed(1)},${y(panel.value(row)).toFixed(1)}`);
      const color = COLORS[engineIndex % COLORS.length];
      svg += `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(" ")}"/>`;
      for (const point of points)
        svg += `<circle cx="${point.split(",")[0]}" cy="${point.split(",")[1]}" r="3" fill="${color}"/>`;
    });
    svg += "</g>";
  });
  engines.forEach((engine, engineIndex) => {
    svg += `<rect x="${margin}" y="${height + 20 * engineIndex - 8}" width="10" height="10" fill="${COLORS[engineIndex % COLORS.length]}"/><text x="${margin + 16}" y="${height + 20 * engineIndex + 1}">${engine}</text>`;
  });
  return `${svg}</svg>\n`;
}
