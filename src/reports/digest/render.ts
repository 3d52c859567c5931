// A parent's digest as an e-mail (HTML and plain text) or as a chat card, in the parent's
// language, with dates in each class's time zone. Everything a person typed is escaped in HTML.
import type { Card } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';
import { escapeXml as esc } from '../charts.ts';
import type { ChildResult, DigestCapsule, DigestClass, DigestData } from './collect.ts';

/** What the renderer needs besides the data. */
export interface RenderContext {
  t: Translate;
  /** A date in a zone, in the parent's language. */
  formatDate: (date: Date, timeZone: string) => string;
  /** A day without the time (the subject line). */
  formatDay: (date: Date, timeZone: string) => string;
  unsubscribeUrl: string;
  /** The notice for parents: what is stored about their child, and their rights. */
  privacyUrl: string;
}

/** A rendered e-mail. */
export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

export function childNames(data: DigestData): string[] {
  return data.classes.flatMap((c) => c.children.map((child) => child.name));
}

function joinNames(names: string[], t: Translate): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${t('mail:digest.and')} ${names[names.length - 1]}`;
}

export function subjectOf(data: DigestData, ctx: RenderContext): string {
  const zone = data.classes[0]?.timeZone ?? 'UTC';
  const date = ctx.formatDay(data.until, zone);
  return ctx.t('mail:digest.subject', { names: joinNames(childNames(data), ctx.t), date });
}

/** One child's line on one capsule: watched, quiz, score. */
export function resultText(result: ChildResult | undefined, capsule: DigestCapsule, t: Translate): string {
  if (result?.locked) return `🔒 ${t('mail:digest.locked')}`;
  const parts = [result?.watched ? `✓ ${t('mail:digest.watched')}` : `✗ ${t('mail:digest.notWatched')}`];
  if (capsule.questions > 0) {
    parts.push(
      (result?.answered ?? 0) > 0
        ? t('mail:digest.answered', { answered: result?.answered ?? 0, total: capsule.questions })
        : t('mail:digest.notAnswered'),
    );
    if (capsule.graded > 0 && result?.score !== null && result?.score !== undefined) {
      parts.push(t('mail:digest.score', { percent: Math.round(result.score * 100) }));
    }
  }
  return parts.join(' · ');
}

/** "Label:" with the language's own spacing ("Label :" in French). */
function label(text: string, t: Translate): string {
  return t('mail:digest.label', { label: text });
}

function capsuleTitle(c: DigestCapsule): string {
  return `#${c.number} ${c.title}`;
}

function textClass(c: DigestClass, ctx: RenderContext): string[] {
  const { t } = ctx;
  const when = (d: Date) => ctx.formatDate(d, c.timeZone);
  const lines = [`== ${c.name} ==`];
  if (c.note?.trim()) lines.push('', label(t('mail:digest.teacherNote'), t), c.note.trim());
  lines.push('', label(t('mail:digest.thisWeek'), t));
  if (c.week.length === 0) lines.push(`  ${t('mail:digest.noCapsules')}`);
  for (const capsule of c.week) {
    lines.push(`- ${capsuleTitle(capsule)} (${t('mail:digest.session', { when: when(capsule.sessionAt) })})`);
    if (capsule.url) lines.push(`  ${capsule.url}`);
    for (const child of c.children) {
      const result = child.results.find((r) => r.capsuleId === capsule.id);
      lines.push(`  ${label(child.name, t)} ${resultText(result, capsule, t)}`);
    }
  }
  lines.push('', label(t('mail:digest.nextWeek'), t));
  if (c.next.length === 0) lines.push(`  ${t('mail:digest.nothingNext')}`);
  for (const capsule of c.next) {
    lines.push(`- ${capsuleTitle(capsule)} (${t('mail:digest.session', { when: when(capsule.sessionAt) })})`);
  }
  return lines;
}

export function renderText(data: DigestData, ctx: RenderContext): string {
  const { t } = ctx;
  return [
    t('mail:digest.greeting'),
    '',
    t('mail:digest.intro', { names: joinNames(childNames(data), t) }),
    '',
    ...data.classes.flatMap((c) => [...textClass(c, ctx), '']),
    '-- ',
    t('mail:digest.why'),
    t('mail:digest.unsubscribeText', { url: ctx.unsubscribeUrl }),
    t('mail:digest.privacyText', { url: ctx.privacyUrl }),
    '',
  ].join('\n');
}

const S = {
  body: 'margin:0;padding:0;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a',
  box: 'max-width:640px;margin:0 auto;background:#ffffff;padding:24px',
  h2: 'font-size:18px;margin:24px 0 8px;border-bottom:2px solid #1565c0;padding-bottom:4px',
  h3: 'font-size:15px;margin:16px 0 6px',
  note: 'background:#fff8e1;border-left:4px solid #ef8f00;padding:8px 12px;margin:8px 0',
  td: 'padding:4px 8px;border-bottom:1px solid #eceff1;font-size:14px;vertical-align:top',
  small: 'font-size:12px;color:#666',
};

function htmlClass(c: DigestClass, ctx: RenderContext): string {
  const { t } = ctx;
  const when = (d: Date) => esc(ctx.formatDate(d, c.timeZone));
  const out = [`<h2 style="${S.h2}">${esc(c.name)}</h2>`];
  if (c.note?.trim()) {
    out.push(
      `<div style="${S.note}"><strong>${esc(t('mail:digest.teacherNote'))}</strong><br>${esc(c.note.trim()).replaceAll('\n', '<br>')}</div>`,
    );
  }
  out.push(`<h3 style="${S.h3}">${esc(t('mail:digest.thisWeek'))}</h3>`);
  if (c.week.length === 0) out.push(`<p>${esc(t('mail:digest.noCapsules'))}</p>`);
  for (const capsule of c.week) {
    const title = capsule.url
      ? `<a href="${esc(capsule.url)}">${esc(capsuleTitle(capsule))}</a>`
      : esc(capsuleTitle(capsule));
    out.push(
      `<p style="margin:12px 0 4px"><strong>${title}</strong> <span style="${S.small}">${esc(t('mail:digest.session', { when: ctx.formatDate(capsule.sessionAt, c.timeZone) }))}</span></p>`,
      '<table role="presentation" style="border-collapse:collapse;width:100%">',
      ...c.children.map((child) => {
        const result = child.results.find((r) => r.capsuleId === capsule.id);
        return `<tr><td style="${S.td};width:30%">${esc(child.name)}</td><td style="${S.td}">${esc(resultText(result, capsule, t))}</td></tr>`;
      }),
      '</table>',
    );
  }
  out.push(`<h3 style="${S.h3}">${esc(t('mail:digest.nextWeek'))}</h3>`);
  if (c.next.length === 0) out.push(`<p>${esc(t('mail:digest.nothingNext'))}</p>`);
  else {
    out.push(
      '<ul>',
      ...c.next.map(
        (capsule) =>
          `<li>${esc(capsuleTitle(capsule))} <span style="${S.small}">— ${when(capsule.sessionAt)}</span></li>`,
      ),
      '</ul>',
    );
  }
  return out.join('\n');
}

export function renderHtml(data: DigestData, ctx: RenderContext, lang: string): string {
  const { t } = ctx;
  const subject = subjectOf(data, ctx);
  return `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>
<body style="${S.body}"><div style="${S.box}">
<p>${esc(t('mail:digest.greeting'))}</p>
<p>${esc(t('mail:digest.intro', { names: joinNames(childNames(data), t) }))}</p>
${data.classes.map((c) => htmlClass(c, ctx)).join('\n')}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 8px">
<p style="${S.small}">${esc(t('mail:digest.why'))}<br><a href="${esc(ctx.unsubscribeUrl)}">${esc(t('mail:digest.unsubscribe'))}</a> · <a href="${esc(ctx.privacyUrl)}">${esc(t('mail:digest.privacy'))}</a></p>
</div></body></html>
`;
}

export function renderDigest(data: DigestData, ctx: RenderContext): RenderedDigest {
  return {
    subject: subjectOf(data, ctx),
    text: renderText(data, ctx),
    html: renderHtml(data, ctx, data.guardian.language),
  };
}

/** The digest as a chat card, for a parent linked on the platform (or a teacher's preview). */
export function digestCard(data: DigestData, ctx: RenderContext): Card {
  const { t } = ctx;
  const sections = data.classes.map((c) => {
    const when = (d: Date) => ctx.formatDate(d, c.timeZone);
    const lines = [`**${c.name}**`];
    if (c.note?.trim()) lines.push(`_${label(t('mail:digest.teacherNote'), t)}_ ${c.note.trim()}`);
    lines.push(`_${t('mail:digest.thisWeek')}_`);
    if (c.week.length === 0) lines.push(t('mail:digest.noCapsules'));
    for (const capsule of c.week) {
      const title = capsule.url ? `[${capsuleTitle(capsule)}](${capsule.url})` : capsuleTitle(capsule);
      lines.push(`• ${title} — ${t('mail:digest.session', { when: when(capsule.sessionAt) })}`);
      for (const child of c.children) {
        lines.push(
          `   ${label(child.name, t)} ${resultText(
            child.results.find((r) => r.capsuleId === capsule.id),
            capsule,
            t,
          )}`,
        );
      }
    }
    lines.push(`_${t('mail:digest.nextWeek')}_`);
    if (c.next.length === 0) lines.push(t('mail:digest.nothingNext'));
    for (const capsule of c.next) lines.push(`• ${capsuleTitle(capsule)} — ${when(capsule.sessionAt)}`);
    return lines.join('\n');
  });
  return {
    title: subjectOf(data, ctx),
    text: [t('mail:digest.intro', { names: joinNames(childNames(data), t) }), ...sections].join('\n\n'),
    controls: [
      [
        { kind: 'link', url: ctx.unsubscribeUrl, label: t('mail:digest.unsubscribe') },
        { kind: 'link', url: ctx.privacyUrl, label: t('mail:digest.privacy') },
      ],
    ],
    footer: t('mail:digest.why'),
  };
}
