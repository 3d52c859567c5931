// Small HTML helpers for the server-rendered pages (dashboard, unsubscribe): escaping, one page
// layout with its own stylesheet, and an answer with safe headers. No template engine: pages are few.
import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../../core/escape-html.ts';

/** Pages load nothing from elsewhere; inline SVG charts need no script. */
export const pageSecurity =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; " +
  "base-uri 'none'; frame-ancestors 'none'";

const STYLE = `
body{margin:0;font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;background:#f4f6f8;color:#1a1a1a}
header{background:#1565c0;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header a{color:#fff}header h1{font-size:18px;margin:0;flex:1}
main{max-width:1000px;margin:0 auto;padding:16px 24px}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:17px;margin:0 0 12px}h3{font-size:15px;margin:16px 0 8px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eceff1}
th{background:#f7f9fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart svg{max-width:100%;height:auto}.muted{color:#666;font-size:13px}
.ok{color:#2e7d32}.no{color:#c62828}.group{margin:6px 0}.flag{color:#c62828}
button,.button{background:#1565c0;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;cursor:pointer;text-decoration:none;display:inline-block}
nav a{margin-right:12px}
`;

/** A whole page. `header` is already-escaped HTML for the top bar. */
export function page(lang: string, title: string, body: string, header = ''): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1>${header}</header><main>${body}</main></body></html>`;
}

/** Sends an HTML page, never cached (every page shows personal data). */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': pageSecurity,
    'x-frame-options': 'DENY',
    'content-length': String(Buffer.byteLength(html)),
    ...headers,
  });
  res.end(html);
}
