// SVG to PNG on the server, without a browser (@resvg/resvg-js). resvg draws no text without a
// font, so it is given the DejaVu or Liberation files Debian installs (packages fonts-dejavu-core,
// fonts-liberation), else whatever the system offers. The lookup is two file checks per picture,
// next to a render: not worth a module-level cache.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

// The native renderer loads at the first picture, not at start: most runs draw none for hours.
const require = createRequire(import.meta.url);

const candidates = [
  [
    'DejaVu Sans',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
  [
    'Liberation Sans',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
] as const;

/** Font options: known files when present (fast), else a scan of the system's fonts. */
export function fontOptions(): ResvgRenderOptions {
  for (const [family, ...files] of candidates) {
    const present = files.filter((f) => existsSync(f));
    if (present.length > 0) {
      return { font: { loadSystemFonts: false, fontFiles: present, defaultFontFamily: family } };
    }
  }
  return { font: { loadSystemFonts: true } };
}

/** Renders an SVG document to PNG bytes at its own size (times `scale` for sharper screens). */
export function svgToPng(svg: string, scale = 1): Uint8Array {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    ...fontOptions(),
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}
