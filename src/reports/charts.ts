// Charts as SVG text: the same drawing goes inline into the dashboard and, rendered to PNG
// (png.ts), onto the teacher's brief. Horizontal bars only: they read at a glance, hold long
// labels, and need no axis library.

/** One bar: `value` is a share in 0..1, `text` what is written at its end. */
export interface BarRow {
  label: string;
  value: number;
  text: string;
  /** `score` colours by level (green, amber, red); `count` is plain blue (completion). */
  kind: 'score' | 'count';
}

/** A titled block of bars. */
export interface ChartSection {
  title: string;
  rows: BarRow[];
}

const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const ROW = 26;
const HEAD = 30;

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Cuts a label to what fits in the label column (no text metrics without a browser). */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function colour(row: BarRow): string {
  if (row.kind === 'count') return '#1565c0';
  if (row.value >= 0.8) return '#2e7d32';
  if (row.value >= 0.5) return '#ef8f00';
  return '#c62828';
}

/**
 * A bar chart of one or more sections, `width` pixels wide, as a standalone SVG document. The
 * title is drawn unless `heading` is false (a web page already shows it); it always labels the image.
 */
export function barChart(title: string, sections: ChartSection[], width = 640, heading = true): string {
  const labelWidth = Math.round(width * 0.38);
  const barLeft = labelWidth + 16;
  const barMax = width - barLeft - 70;
  const maxChars = Math.floor(labelWidth / 7.2);
  const parts: string[] = [];
  let y = heading ? 34 : 0;
  if (heading) {
    parts.push(
      `<text x="16" y="24" font-size="16" font-weight="bold" fill="#1a1a1a">${escapeXml(clip(title, 70))}</text>`,
    );
  }
  for (const section of sections) {
    y += 8;
    if (section.title) {
      parts.push(
        `<text x="16" y="${y + 16}" font-size="13" font-weight="bold" fill="#444">${escapeXml(clip(section.title, 80))}</text>`,
      );
      y += HEAD;
    }
    for (const row of section.rows) {
      const value = Math.max(0, Math.min(1, Number.isFinite(row.value) ? row.value : 0));
      const barWidth = Math.max(value > 0 ? 2 : 0, Math.round(barMax * value));
      parts.push(
        `<text x="${labelWidth}" y="${y + 15}" font-size="12" fill="#222" text-anchor="end">${escapeXml(clip(row.label, maxChars))}</text>`,
        `<rect x="${barLeft}" y="${y + 3}" width="${barMax}" height="16" rx="3" fill="#eceff1"/>`,
        `<rect x="${barLeft}" y="${y + 3}" width="${barWidth}" height="16" rx="3" fill="${colour(row)}"/>`,
        `<text x="${barLeft + barMax + 8}" y="${y + 15}" font-size="12" fill="#222">${escapeXml(clip(row.text, 10))}</text>`,
      );
      y += ROW;
    }
    if (section.rows.length === 0) y += ROW;
  }
  const height = y + 12;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="${FONT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
  ].join('');
}
