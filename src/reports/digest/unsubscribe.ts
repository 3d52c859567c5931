// One-click unsubscribe for the parents' digest: a signed link in every digest (List-Unsubscribe
// header and the footer). GET shows a confirmation page (mail scanners fetch links, and must not
// unsubscribe anyone); POST unsubscribes — the page's button, or the mail client's own one-click
// POST (RFC 8058). After that nothing more is sent to this parent.

import { escapeHtml } from '../../core/escape-html.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { HttpServer, RequestContext } from '../../http/server.ts';
import { sign, verify } from '../../services/hashing.ts';
import type { Services } from '../../services/index.ts';
import { page, sendHtml } from '../dashboard/html.ts';

const payloadOf = (guardianId: string): string => `unsubscribe:${guardianId}`;

/** The signed unsubscribe address of a guardian. It never expires: old e-mails must keep working. */
export function unsubscribeUrl(publicUrl: string, secret: string, guardianId: string): string {
  const url = new URL('/unsubscribe', `${publicUrl.replace(/\/$/, '')}/`);
  url.searchParams.set('g', guardianId);
  url.searchParams.set('s', sign(secret, payloadOf(guardianId)));
  return url.toString();
}

/** The guardian id of a well-signed request, or null. */
export function verifiedGuardian(secret: string, query: URLSearchParams): string | null {
  const g = query.get('g') ?? '';
  const s = query.get('s') ?? '';
  return g && s && verify(secret, payloadOf(g), s) ? g : null;
}

/** Mounts GET and POST /unsubscribe. */
export function mountUnsubscribe(http: HttpServer, services: Services): void {
  const { db, i18n, secret, clock, logger } = services.deps;

  // A link that was altered, cut by a mail client, or of a parent since removed.
  const invalid = (res: RequestContext['res'], lang: string, t: Translate) =>
    sendHtml(
      res,
      400,
      page(
        lang,
        t('mail:unsubscribe.title'),
        `<section><p>${escapeHtml(t('mail:unsubscribe.invalid'))}</p></section>`,
      ),
    );

  async function load(ctx: RequestContext) {
    const id = verifiedGuardian(secret, ctx.query);
    const guardian = id ? await db.guardian.findUnique({ where: { id } }) : null;
    const lang = guardian?.language ?? ctx.locale ?? i18n.fallback;
    return { guardian, lang, t: i18n.t(lang) };
  }

  http.route('GET', '/unsubscribe', async (ctx) => {
    const { guardian, lang, t } = await load(ctx);
    if (!guardian) {
      invalid(ctx.res, lang, t);
      return;
    }
    const body = guardian.unsubscribedAt
      ? `<section><p>${escapeHtml(t('mail:unsubscribe.already'))}</p></section>`
      : `<section><p>${escapeHtml(t('mail:unsubscribe.confirm'))}</p>
<form method="post" action="${escapeHtml(ctx.url.search)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(t('mail:unsubscribe.button'))}</button></form></section>`;
    sendHtml(ctx.res, 200, page(lang, t('mail:unsubscribe.title'), body));
  });

  http.route('POST', '/unsubscribe', async (ctx) => {
    // The body says only "List-Unsubscribe=One-Click"; the signed query is what counts.
    await ctx.raw(4096).catch(() => Buffer.alloc(0));
    const { guardian, lang, t } = await load(ctx);
    if (!guardian) {
      invalid(ctx.res, lang, t);
      return;
    }
    if (!guardian.unsubscribedAt) {
      await db.guardian.update({ where: { id: guardian.id }, data: { unsubscribedAt: clock.now() } });
      logger.info({ guardianId: guardian.id }, 'guardian unsubscribed from the digest');
    }
    sendHtml(
      ctx.res,
      200,
      page(
        lang,
        t('mail:unsubscribe.title'),
        `<section><p>${escapeHtml(t('mail:unsubscribe.done'))}</p></section>`,
      ),
    );
  });
}
