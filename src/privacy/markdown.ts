// Renders the privacy notices (docs/privacy/*.md, written by people for people) as HTML pages a
// parent opens from a digest. Only the little markdown those files use: headings, paragraphs,
// lists, tables, **bold**, _italic_ and links. Everything is escaped first; links only http(s).
import { escapeHtml as e } from '../core/escape-html.ts';

function inline(text: string): string {
  return e(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_(.+?)_(?=[\s.,;:!?)]|$)/g, '$1<em>$2</em>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
      /^(https?:\/\/|\.{0,2}\/|[\w-]+\.md$|#)/.test(url) ? `<a href="${url}">${label}</a>` : label,
    );
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

/** The first `# heading` of a document, as its title. */
export function titleOf(markdown: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? '';
}

/** The document as HTML, without its first heading (the page shows it as its title). */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  let table: string[][] = [];
  let skippedTitle = false;
  const flush = () => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list.length) out.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
    if (table.length) {
      const [head = [], ...body] = table;
      out.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${body
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`,
      );
    }
    paragraph = [];
    list = [];
    table = [];
  };
  for (const line of lines) {
    const heading = /^(#{1,4})\s+(.+)$/.exec(line);
    if (heading) {
      flush();
      const level = (heading[1] as string).length;
      if (level === 1 && !skippedTitle) skippedTitle = true;
      else out.push(`<h${level + 1}>${inline(heading[2] as string)}</h${level + 1}>`);
    } else if (/^\s*\|/.test(line)) {
      if (paragraph.length || list.length) flush();
      if (!/^\s*\|[\s:|-]+\|\s*$/.test(line)) table.push(cells(line));
    } else if (/^\s*[-*]\s+/.test(line)) {
      if (paragraph.length || table.length) flush();
      list.push(line.replace(/^\s*[-*]\s+/, ''));
    } else if (line.trim() === '') {
      flush();
    } else if (list.length && /^\s+/.test(line)) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else {
      if (list.length || table.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}
