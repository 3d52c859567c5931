// The privacy pages on the bot's HTTP server: the notices of docs/privacy/ in French or English
// (linked from every digest and from /privacy), and the download of one member's export through
// the signed link /privacy export gives (checked again when used: the requester must still be that
// member, or a teacher of their class).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeHtml as e } from '../core/escape-html.ts';
import { projectPath } from '../core/project-path.ts';
import type { HttpServer, RequestContext } from '../http/server.ts';
import { page, sendHtml } from '../reports/dashboard/html.ts';
import type { Services } from '../services/index.ts';
import { exportFileName } from '../services/privacy-export.ts';
import { NOTICE_PAGES, type NoticePage, readExportLink } from '../services/privacy-links.ts';
import { markdownToHtml, titleOf } from './markdown.ts';

const docsRoot = projectPath('docs/privacy');

/** The file of each page, per language (docs/privacy/<lang>/<file>). */
const FILES: Record<NoticePage, string> = {
  students: 'students.md',
  parents: 'parents.md',
  register: 'register.md',
  data: 'data-inventory.md',
};

export function mountPrivacy(http: HttpServer, services: Services, root = docsRoot): void {
  const { db, i18n, secret, clock } = services.deps;
  const langOf = (ctx: RequestContext): string =>
    i18n.match(ctx.query.get('lang') ?? undefined) ?? ctx.locale ?? i18n.fallback;
  const refuse = (ctx: RequestContext, status: number, key: 'pageNotFound' | 'linkExpired') => {
    const lang = langOf(ctx);
    const text = i18n.t(lang)(`common:privacy.${key}`);
    sendHtml(ctx.res, status, page(lang, 'Inverso', `<section><p>${e(text)}</p></section>`));
  };

  http.route('GET', '/privacy/export.json', async (ctx) => {
    const grant = readExportLink(secret, ctx.query, clock.now());
    if (!grant) return refuse(ctx, 403, 'linkExpired');
    const [requester, target] = await Promise.all([
      db.member.findUnique({ where: { id: grant.requesterId } }),
      db.member.findUnique({ where: { id: grant.targetId } }),
    ]);
    const allowed =
      requester !== null &&
      target !== null &&
      requester.classId === grant.classId &&
      target.classId === grant.classId &&
      (requester.id === target.id || requester.role === 'teacher');
    if (!allowed || !target) return refuse(ctx, 403, 'linkExpired');
    const lang = i18n.match(requester?.locale ?? undefined) ?? langOf(ctx);
    const body = JSON.stringify(await services.privacy.export(target, lang), null, 2);
    const name = exportFileName(target);
    ctx.res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(body)),
    });
    ctx.res.end(body);
  });

  http.route('GET', '/privacy/*', async (ctx) => {
    const wanted = ctx.rest.replace(/\/$/, '');
    if (!(NOTICE_PAGES as readonly string[]).includes(wanted)) return refuse(ctx, 404, 'pageNotFound');
    const lang = langOf(ctx);
    let markdown: string;
    try {
      markdown = await readFile(path.join(root, lang, FILES[wanted as NoticePage]), 'utf8');
    } catch {
      return refuse(ctx, 404, 'pageNotFound');
    }
    sendHtml(ctx.res, 200, page(lang, titleOf(markdown), `<section>${markdownToHtml(markdown)}</section>`));
  });
}
