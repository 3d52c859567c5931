// The spread of self-paced sequences in the teacher's reports (issue 14 §1): the brief, /progress
// and the dashboard each add this section; the text is the one /path shows a teacher.
import { escapeHtml as e } from '../core/escape-html.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { Db } from '../db/client.ts';
import { spreadLines } from '../services/cards/spread-card.ts';
import { loadSpreads, type Spread } from '../services/path-rules.ts';

/** Markdown section for chat (brief, /progress); empty when no sequence in scope is self-paced. */
export async function spreadSection(
  db: Db,
  classId: string,
  now: Date,
  t: Translate,
  sequenceId?: string | null,
): Promise<string> {
  const spreads = await loadSpreads(db, classId, now, sequenceId);
  return spreads.map((s) => spreadLines(s, t).join('\n')).join('\n\n');
}

/** The same for the dashboard, as HTML (bold markers become a heading). */
export function spreadHtml(spreads: Spread[], t: Translate): string {
  if (spreads.length === 0) return '';
  const blocks = spreads.map((s) => {
    const [head = '', ...rest] = spreadLines(s, t);
    const items = rest.map((line) => `<li>${e(line)}</li>`).join('');
    return `<h3>${e(head.replace(/^\*\*|\*\*$/g, ''))}</h3><ul>${items}</ul>`;
  });
  return `<section data-section="spread"><h2>${e(t('reports:path.title'))}</h2>${blocks.join('')}</section>`;
}
