// The teacher dashboard on the bot's HTTP server. Sign-in by one-time link (sign-in.ts), then a
// signed session cookie; every page checks that the class is one of the viewer's (403 otherwise).
import { escapeHtml as e } from '../../core/escape-html.ts';
import type { TKey, Translate } from '../../core/i18n-types.ts';
import { pickLocale } from '../../core/locale.ts';
import type { Class } from '../../db/models.ts';
import type { HttpServer, RequestContext } from '../../http/server.ts';
import type { Services } from '../../services/index.ts';
import { csvSeparator, progressCsv } from '../csv.ts';
import { type Viewer, viewerOf } from './access.ts';
import { readCsvLink } from './csv-link.ts';
import { page, sendHtml } from './html.ts';
import { capsulePage } from './pages/capsule-page.ts';
import { classPage } from './pages/class-page.ts';
import { clearedCookie, readSession, sessionCookie } from './session.ts';
import { consumeSignIn, peekSignIn } from './sign-in.ts';

/** Mounts every /dashboard route. */
export function mountDashboard(http: HttpServer, services: Services): void {
  const { db, i18n, secret, clock, publicUrl } = services.deps;
  const secure = publicUrl.startsWith('https:');

  const langOf = (ctx: RequestContext, viewer?: Viewer | null, klass?: Class): string =>
    pickLocale(i18n, ctx.query.get('lang'), viewer?.member.locale, ctx.locale, klass?.language);

  const message = (
    ctx: RequestContext,
    status: number,
    lang: string,
    key: TKey,
    title: TKey = 'dashboard:title',
  ): void => {
    const t = i18n.t(lang);
    sendHtml(ctx.res, status, page(lang, t(title), `<section><p>${e(t(key))}</p></section>`));
  };

  const signedIn = async (ctx: RequestContext): Promise<Viewer | null> => {
    const session = readSession(secret, ctx.req.headers.cookie, clock.now());
    return session ? viewerOf(db, session.memberId) : null;
  };

  const header = (t: Translate): string =>
    `<nav><a href="/dashboard">${e(t('dashboard:nav.classes'))}</a></nav><form method="post" action="/dashboard/signout"><button type="submit">${e(t('dashboard:nav.signOut'))}</button></form>`;

  http.route('GET', '/dashboard/signin', async (ctx) => {
    const lang = langOf(ctx);
    const t = i18n.t(lang);
    const token = ctx.query.get('token') ?? '';
    if (!(await peekSignIn(db, secret, token, clock.now())))
      return message(ctx, 400, lang, 'dashboard:signIn.invalid');
    const body = `<section><p>${e(t('dashboard:signIn.intro'))}</p><form method="post" action="/dashboard/signin">
<input type="hidden" name="token" value="${e(token)}"><button type="submit" id="sign-in">${e(t('dashboard:signIn.button'))}</button></form></section>`;
    sendHtml(ctx.res, 200, page(lang, t('dashboard:signIn.title'), body));
  });

  http.route('POST', '/dashboard/signin', async (ctx) => {
    const form = await ctx.form(4096);
    const memberId = await consumeSignIn(db, secret, form.token ?? '', clock.now());
    if (!memberId) return message(ctx, 400, langOf(ctx), 'dashboard:signIn.invalid');
    ctx.res.writeHead(303, {
      location: '/dashboard',
      'set-cookie': sessionCookie(secret, memberId, clock.now(), secure),
      'cache-control': 'no-store',
    });
    ctx.res.end();
  });

  http.route('POST', '/dashboard/signout', (ctx) => {
    ctx.res.writeHead(303, {
      location: '/dashboard',
      'set-cookie': clearedCookie(),
      'cache-control': 'no-store',
    });
    ctx.res.end();
  });

  // The signed CSV link from chat works without a session.
  http.route('GET', '/dashboard/export.csv', async (ctx) => {
    const link = readCsvLink(secret, ctx.query, clock.now());
    const viewer = link ? await viewerOf(db, link.memberId) : null;
    if (!link || !viewer?.classIds.has(link.classId))
      return message(ctx, 403, langOf(ctx), 'dashboard:errors.linkExpired');
    const klass = await db.class.findUnique({ where: { id: link.classId } });
    if (!klass) return message(ctx, 404, langOf(ctx), 'dashboard:errors.notFound');
    await streamCsv(ctx, viewer, klass, link.sequenceId);
  });

  http.route('GET', '/dashboard/*', async (ctx) => {
    const viewer = await signedIn(ctx);
    if (!viewer) return message(ctx, 401, langOf(ctx), 'dashboard:errors.signInFirst');
    const parts = decodeParts(ctx.rest);
    // A malformed address (`%E0`) is a page that does not exist, not a server error.
    if (parts === null) return message(ctx, 404, langOf(ctx, viewer), 'dashboard:errors.notFound');
    if (parts.length === 0) return home(ctx, viewer);
    const [section, classId = '', sub, arg] = parts;
    if (section !== 'class') return message(ctx, 404, langOf(ctx, viewer), 'dashboard:errors.notFound');
    // Checked before the class is even read: another teacher's class is refused, not looked up.
    if (!viewer.classIds.has(classId))
      return message(ctx, 403, langOf(ctx, viewer), 'dashboard:errors.forbidden');
    const klass = await db.class.findUnique({ where: { id: classId } });
    if (!klass) return message(ctx, 404, langOf(ctx, viewer), 'dashboard:errors.notFound');
    const lang = langOf(ctx, viewer, klass);
    const t = i18n.t(lang);
    const base = `/dashboard/class/${encodeURIComponent(klass.id)}`;
    const sequenceId = ctx.query.get('sequence');
    if (sub === undefined) {
      const body = await classPage(db, klass, sequenceId, {
        t,
        base,
        formatDate: (d) => i18n.formatDate(d, lang, klass.timeZone),
        now: clock.now(),
      });
      return sendHtml(
        ctx.res,
        200,
        page(lang, t('dashboard:class.title', { name: klass.name }), body, header(t)),
      );
    }
    if (sub === 'export.csv') return streamCsv(ctx, viewer, klass, sequenceId);
    // A capsule number fits an int column: a 30-digit one is a page that does not exist.
    if (sub === 'capsule' && /^\d{1,9}$/.test(arg ?? '')) {
      const size = Math.min(10, Math.max(2, Number(ctx.query.get('size') ?? 3) || 3));
      const body = await capsulePage(db, klass.id, Number(arg), size, t, base);
      if (body)
        return sendHtml(
          ctx.res,
          200,
          page(lang, t('dashboard:class.title', { name: klass.name }), body, header(t)),
        );
    }
    return message(ctx, 404, lang, 'dashboard:errors.notFound');
  });

  async function home(ctx: RequestContext, viewer: Viewer): Promise<void> {
    const lang = langOf(ctx, viewer);
    const t = i18n.t(lang);
    const classes = await db.class.findMany({
      where: { id: { in: [...viewer.classIds] } },
      orderBy: { name: 'asc' },
    });
    const items = classes
      .map((k) => `<li><a href="/dashboard/class/${e(encodeURIComponent(k.id))}">${e(k.name)}</a></li>`)
      .join('');
    const body = `<section><h2>${e(t('dashboard:home.classes'))}</h2><ul>${items}</ul></section>`;
    sendHtml(ctx.res, 200, page(lang, t('dashboard:title'), body, header(t)));
  }

  /** Streams the CSV page by page: the browser shows the download progressing on a large class. */
  async function streamCsv(
    ctx: RequestContext,
    viewer: Viewer,
    klass: Class,
    sequenceId: string | null,
  ): Promise<void> {
    const lang = langOf(ctx, viewer, klass);
    const name = `${klass.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 40) || 'class'}.csv`;
    ctx.res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="results.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    });
    const chunks = progressCsv(db, {
      classId: klass.id,
      sequenceId,
      t: i18n.t(lang),
      formatDate: (d) => i18n.formatDate(d, lang, klass.timeZone, 'short'),
      separator: csvSeparator(lang),
    });
    for await (const chunk of chunks) {
      if (!ctx.res.write(chunk)) await new Promise((resolve) => ctx.res.once('drain', resolve));
    }
    ctx.res.end();
  }
}

/** The path's segments, decoded; null when one is not valid percent-encoding. */
function decodeParts(rest: string): string[] | null {
  try {
    return rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}
