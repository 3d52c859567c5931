// The page's HTML, translated on the server: `{{section.key}}` in web/index.html becomes the
// `web:` string in the page's language, escaped, so the first paint is already in words.
import { readFile } from 'node:fs/promises';
import { escapeHtml } from '../../core/escape-html.ts';
import type { TKey, Translate } from '../../core/i18n-types.ts';

/** Fills a page template and sets its `<html lang>` to the language it is now in. */
export function fillTemplate(template: string, lang: string, t: Translate): string {
  return template
    .replace(/<html lang="[^"]*"/, `<html lang="${escapeHtml(lang)}"`)
    .replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => escapeHtml(t(`web:${key}` as TKey)));
}

/** Reads and fills the page. Read per request: it is small, and edits show without a restart. */
export async function renderPage(file: string, lang: string, t: Translate): Promise<string> {
  return fillTemplate(await readFile(file, 'utf8'), lang, t);
}
