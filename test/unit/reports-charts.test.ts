// Charts: valid SVG with escaped labels, and PNGs whose text is really drawn (resvg needs fonts:
// a chart whose labels silently vanish would still be a valid PNG).
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { barChart, clip } from '../../src/reports/charts.ts';
import { fontOptions, svgToPng } from '../../src/reports/png.ts';
import { requirementMet } from '../support/requirements.ts';

// Text drawing needs a font file; a machine with only Node and npm may have none (CI installs one).
const fontFound = requirementMet(
  Boolean(fontOptions().font?.fontFiles?.length),
  'No DejaVu or Liberation font found: the chart text test is skipped (apt install fonts-dejavu-core).',
);

function darkPixels(svg: string): number {
  const image = new Resvg(svg, fontOptions()).render();
  let dark = 0;
  for (let i = 0; i < image.pixels.length; i += 4) if ((image.pixels[i] ?? 255) < 128) dark++;
  return dark;
}

describe('charts', () => {
  const svg = barChart('Quiz <results> & "co"', [
    {
      title: 'Right answers',
      rows: [
        { label: 'Q1. <b>1/2</b> + 1/4', value: 0.5, text: '50 %', kind: 'score' },
        { label: 'Q2', value: 1.4, text: '100 %', kind: 'score' },
      ],
    },
  ]);

  it('escapes every label and clamps values', () => {
    expect(svg).toContain('Quiz &lt;results&gt; &amp; &quot;co&quot;');
    expect(svg).not.toContain('<b>');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(clip('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it.skipIf(!fontFound)('renders text into the PNG (a font is found)', () => {
    const textOnly = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="5" y="28" font-size="20" font-family="'DejaVu Sans', sans-serif" fill="#000">${label}</text></svg>`;
    expect(darkPixels(textOnly(''))).toBe(0);
    expect(darkPixels(textOnly('Élève é ✓'))).toBeGreaterThan(100);
  });

  it('makes a PNG', () => {
    const png = svgToPng(svg, 1.5);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(3000);
  });
});
