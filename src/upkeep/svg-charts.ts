import { escapeHtml } from './html-escape';

/** One line of a line chart: a value (or a gap) per label, each tied to its place in the report's JSON. */
export interface Series {
  name: string;
  color: string;
  values: Array<number | null>;
  /** JSON path of each value (`trends.weeks.3.answerRate`), so a test can match the drawing to the data. */
  paths: string[];
}

/** One bar: a label, a value, and the JSON path of the value. */
export interface Bar {
  label: string;
  value: number;
  path: string;
}

/** A bar made of parts (an owner's stale, failing and gaps). */
export interface StackedBar {
  label: string;
  parts: Array<{ value: number; path: string }>;
}

const WIDTH = 640;
const FONT = 'font-family="system-ui, sans-serif" font-size="11"';

/** Shares (0-1) over a row of labels, as lines with a dot at each value, on a 0-100% axis. */
export function lineChart(title: string, labels: readonly string[], series: readonly Series[]): string {
  const height = 220;
  const left = 40;
  const right = 16;
  const top = 16;
  const bottom = 40;
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const x = (i: number) => left + (labels.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (labels.length - 1));
  const y = (share: number) => top + plotHeight * (1 - share);
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${left}" x2="${WIDTH - right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" ${FONT} fill="#64748b">${tick * 100}%</text>`);
  }
  labels.forEach((label, i) => {
    parts.push(`<text x="${x(i)}" y="${height - bottom + 16}" text-anchor="middle" ${FONT} fill="#64748b">${escapeHtml(label)}</text>`);
  });
  for (const line of series) {
    // A week without a value (no votes) breaks the line rather than drawing it to zero.
    let d = '';
    let pen = false;
    line.values.forEach((value, i) => {
      if (value === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${round(x(i))} ${round(y(value))} `;
      pen = true;
    });
    if (d) parts.push(`<path class="series" d="${d.trim()}" fill="none" stroke="${line.color}" stroke-width="2.5"/>`);
    line.values.forEach((value, i) => {
      if (value === null) return;
      parts.push(
        `<circle class="mark" cx="${round(x(i))}" cy="${round(y(value))}" r="4" fill="${line.color}" data-json="${escapeHtml(line.paths[i]!)}" data-value="${value}"><title>${escapeHtml(`${line.name} ${labels[i]}: ${percent(value)}`)}</title></circle>`,
      );
    });
  }
  const legend = series
    .map((line, i) => `<rect x="${left + i * 140}" y="${height - 14}" width="10" height="10" fill="${line.color}"/><text x="${left + i * 140 + 14}" y="${height - 5}" ${FONT}>${escapeHtml(line.name)}</text>`)
    .join('');
  return svg(title, height, parts.join('') + legend);
}

/** Counts as horizontal bars, one row each, longest scaled to the full width. */
export function barChart(title: string, bars: readonly Bar[], color: string): string {
  return stackedBarChart(
    title,
    bars.map((bar) => ({ label: bar.label, parts: [{ value: bar.value, path: bar.path }] })),
    [{ name: '', color }],
  );
}

/** Horizontal bars made of coloured parts, with a legend when the parts have names. */
export function stackedBarChart(title: string, bars: readonly StackedBar[], kinds: ReadonlyArray<{ name: string; color: string }>): string {
  const labelWidth = 220;
  const row = 24;
  const legendHeight = kinds.some((k) => k.name) ? 22 : 0;
  const height = Math.max(1, bars.length) * row + 8 + legendHeight;
  const max = Math.max(1, ...bars.map((bar) => bar.parts.reduce((sum, p) => sum + p.value, 0)));
  const scale = (WIDTH - labelWidth - 50) / max;
  const parts: string[] = [];
  bars.forEach((bar, i) => {
    const y = 4 + i * row;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" ${FONT}>${escapeHtml(truncate(bar.label, 34))}<title>${escapeHtml(bar.label)}</title></text>`);
    let x = labelWidth;
    bar.parts.forEach((part, k) => {
      if (part.value <= 0) return;
      const width = round(part.value * scale);
      parts.push(
        `<rect class="mark" x="${round(x)}" y="${y + 3}" width="${width}" height="${row - 8}" fill="${kinds[k]!.color}" data-json="${escapeHtml(part.path)}" data-value="${part.value}"><title>${escapeHtml(`${bar.label}: ${part.value}${kinds[k]!.name ? ` ${kinds[k]!.name}` : ''}`)}</title></rect>`,
      );
      x += width;
    });
    const total = bar.parts.reduce((sum, p) => sum + p.value, 0);
    parts.push(`<text x="${round(x) + 6}" y="${y + 15}" ${FONT} fill="#334155">${total}</text>`);
  });
  if (legendHeight) {
    kinds.forEach((kind, i) => {
      parts.push(`<rect x="${labelWidth + i * 110}" y="${height - 16}" width="10" height="10" fill="${kind.color}"/><text x="${labelWidth + i * 110 + 14}" y="${height - 7}" ${FONT}>${escapeHtml(kind.name)}</text>`);
    });
  }
  if (bars.length === 0) parts.push(`<text x="8" y="18" ${FONT} fill="#64748b">nothing to show</text>`);
  return svg(title, height, parts.join(''));
}

/** Weekly counts as vertical bars. */
export function columnChart(title: string, bars: readonly Bar[], color: string): string {
  const height = 160;
  const bottom = 24;
  const top = 14;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = (WIDTH - 20) / Math.max(1, bars.length);
  const parts: string[] = [];
  bars.forEach((bar, i) => {
    const barHeight = round(((height - top - bottom) * bar.value) / max);
    const x = round(10 + i * slot + slot * 0.15);
    const y = height - bottom - barHeight;
    if (bar.value > 0) {
      parts.push(
        `<rect class="mark" x="${x}" y="${y}" width="${round(slot * 0.7)}" height="${barHeight}" fill="${color}" data-json="${escapeHtml(bar.path)}" data-value="${bar.value}"><title>${escapeHtml(`${bar.label}: ${bar.value}`)}</title></rect>`,
      );
    }
    parts.push(`<text x="${round(10 + i * slot + slot / 2)}" y="${y - 3}" text-anchor="middle" ${FONT} fill="#334155">${bar.value}</text>`);
    parts.push(`<text x="${round(10 + i * slot + slot / 2)}" y="${height - 8}" text-anchor="middle" ${FONT} fill="#64748b">${escapeHtml(bar.label)}</text>`);
  });
  return svg(title, height, parts.join(''));
}

function svg(title: string, height: number, content: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}"><title>${escapeHtml(title)}</title>${content}</svg>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A share as a whole percentage, the way the report prints every rate. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
