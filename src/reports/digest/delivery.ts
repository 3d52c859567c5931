// Delivering one parent's digest of one week, exactly once as far as we can: a job per parent per
// week (its key), a "sent" mark written into the job's own payload right after delivery (a re-run
// after a crash claims the row again, reads the mark and sends nothing), an e-mail written down
// around the server's acceptance (mail-once.ts: at most once per parent and edition, even when
// the process dies between the server's yes and the mark), and a stable Message-ID. SMTP errors
// throw: the scheduler retries with back-off and tells the teachers if it finally gives up. A
// parent linked on the platform gets it by DM instead (keyed: PostIntent, like every post).

import type { Card } from '../../core/card.ts';
import { pickLocale } from '../../core/locale.ts';
import { type Metrics, noMetrics } from '../../core/metrics.ts';
import type { Class } from '../../db/models.ts';
import type { Mailer } from '../../mail/mailer.ts';
import type { JobOutcome, JobRecord } from '../../scheduler/types.ts';
import type { Services } from '../../services/index.ts';
import { noticeUrl } from '../../services/privacy-links.ts';
import { type DigestCollector, type DigestData, hasContent } from './collect.ts';
import { letterHtml, markLetters, type PendingLetters, pendingLetters } from './letter.ts';
import { mailOnce } from './mail-once.ts';
import { digestCard, type RenderContext, renderDigest } from './render.ts';
import { unsubscribeUrl } from './unsubscribe.ts';

export const DIGEST_SEND = 'digest.send';
/** Retries of a send: with the 30 s → 1 h back-off, about five and a half hours of outage. */
export const SEND_ATTEMPTS = 12;
/** The payload of a send job. */
export interface SendPayload {
  guardianId: string;
  week: string;
  until: string;
  /**
   * The local day of a teacher's /digest send (`2026-11-26`); absent for the weekly send. A manual
   * send has its own job key, DM key and Message-ID, so the weekly one still goes out after it.
   */
  manual?: string;
  /** Set once delivered (ISO time), with the way it went. */
  sentAt?: string;
  via?: 'dm' | 'email';
}

/** The weekly send's key, or with `manual` (a local day) the key of that day's /digest send. */
export function sendKey(guardianId: string, week: string, manual?: string): string {
  return `${DIGEST_SEND}:${guardianId}:${edition(week, manual)}`;
}

/** What names one digest of a parent: the week, plus the day for a manual send. */
function edition(week: string, manual?: string): string {
  return manual ? `${week}:manual:${manual}` : week;
}

export class DigestDelivery {
  readonly #services: Services;
  readonly #mailer: Mailer | null;
  readonly #collector: DigestCollector;
  readonly #metrics: Metrics;

  constructor(
    services: Services,
    mailer: Mailer | null,
    collector: DigestCollector,
    metrics: Metrics = noMetrics,
  ) {
    this.#services = services;
    this.#metrics = metrics;
    this.#mailer = mailer;
    this.#collector = collector;
  }

  get canEmail(): boolean {
    return this.#mailer !== null;
  }

  /** How a guardian's digest is written: their language, each class's zone, their unsubscribe link. */
  renderContext(guardianId: string, language: string): RenderContext {
    const { i18n, publicUrl, secret } = this.#services.deps;
    return {
      t: i18n.t(language),
      formatDate: (date, zone) =>
        this.#memo(`f|${language}|${zone}|${date.getTime()}`, () => i18n.formatDate(date, language, zone)),
      formatDay: (date, zone) =>
        this.#memo(`d|${language}|${zone}|${date.getTime()}`, () =>
          new Intl.DateTimeFormat(pickLocale(i18n, language), {
            weekday: 'long',
            day: 'numeric',
            month: 'long',
            timeZone: zone,
          }).format(date),
        ),
      unsubscribeUrl: unsubscribeUrl(publicUrl, secret, guardianId),
      privacyUrl: noticeUrl(publicUrl, 'parents', i18n.match(language) ?? i18n.fallback),
    };
  }

  /**
   * Formatted dates, remembered: a weekly run formats the same few session times for thousands of
   * parents, and building an Intl formatter each time was a tenth of the run (measured).
   */
  readonly #dates = new Map<string, string>();
  #memo(key: string, make: () => string): string {
    const hit = this.#dates.get(key);
    if (hit !== undefined) return hit;
    if (this.#dates.size > 5000) this.#dates.clear();
    const value = make();
    this.#dates.set(key, value);
    return value;
  }

  /** Runs a send job. */
  async run(job: JobRecord): Promise<JobOutcome> {
    const payload = job.payload as Partial<SendPayload>;
    const { guardianId, week, manual } = payload;
    const until = new Date(String(payload.until));
    if (!guardianId || !week || Number.isNaN(until.getTime()))
      throw new Error('digest job without its payload');
    if (payload.sentAt) return { status: 'skipped', reason: 'already sent' };
    const { db, clock } = this.#services.deps;
    const data = await this.#collector.collect(guardianId, until, {
      cached: true,
      ...(job.classId ? { classHint: job.classId } : {}),
    });
    if (!data) return { status: 'skipped', reason: 'guardian removed' };
    if (data.guardian.unsubscribedAt) return { status: 'skipped', reason: 'unsubscribed' };
    if (data.classes.length === 0) return { status: 'skipped', reason: 'no linked student' };
    if (!hasContent(data)) return { status: 'skipped', reason: 'nothing to report this week' };
    const channel = await this.deliver(data, week, manual);
    if (channel === 'none')
      return { status: 'skipped', reason: this.#mailer ? 'no address' : 'no SMTP configured' };
    if (channel === 'unsure')
      return {
        status: 'skipped',
        reason: 'may have been accepted by the SMTP server when a process stopped',
      };
    this.#metrics.digestSent(channel);
    const sent: SendPayload = {
      guardianId,
      week,
      until: until.toISOString(),
      ...(manual ? { manual } : {}),
      sentAt: clock.now().toISOString(),
      via: channel,
    };
    // Plain SQL (portable: quoted names as in both migrations): a Prisma update compiles its query
    // each time, and this write runs once per parent, ten thousand times on a Sunday evening.
    await db.$executeRaw`UPDATE "Job" SET "payload" = ${JSON.stringify(sent)} WHERE "id" = ${job.id}`;
    return { status: 'done' };
  }

  /** Sends by DM when the parent is linked on a running platform, else by e-mail. */
  async deliver(
    data: DigestData,
    week: string,
    manual?: string,
  ): Promise<'dm' | 'email' | 'none' | 'unsure'> {
    const g = data.guardian;
    const ctx = this.renderContext(g.id, g.language);
    // A parent's first digest carries the letter explaining the method, if it has not reached them.
    const letters = await pendingLetters(
      this.#services,
      g,
      data.classes.map((c) => c.id),
    );
    if (g.platform && g.platformUserId) {
      const klass = await this.#platformClass(data, g.platform);
      if (
        klass &&
        this.#services.outbox.available(klass) &&
        !(await this.#isPupil(klass, g.platformUserId))
      ) {
        const result = await this.#services.outbox.directTo(
          klass,
          g.platformUserId,
          withLetterCard(digestCard(data, ctx), letters),
          `digest:${g.id}:${edition(week, manual)}`,
        );
        if (result.status === 'sent') {
          await markLetters(this.#services, letters);
          return 'dm';
        }
        // DMs closed: e-mail is the way left, when there is an address.
      }
    }
    if (!g.email || !this.#mailer) return 'none';
    const digest = renderDigest(data, ctx);
    const mail = letters
      ? {
          ...digest,
          text: `${letters.text}\n\n-- \n\n${digest.text}`,
          html: digest.html.replace(/<body[^>]*><div[^>]*>/, (open) => `${open}${letterHtml(letters.text)}`),
        }
      : digest;
    const host = new URL(this.#services.deps.publicUrl).hostname || 'localhost';
    const sent = await mailOnce(this.#services.deps, this.#mailer, {
      to: g.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: {
        'List-Unsubscribe': `<${ctx.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      messageId: `digest.${g.id}.${week}${manual ? `.manual-${manual}` : ''}@${host}`,
    });
    if (sent === 'maybe') return 'unsure';
    await markLetters(this.#services, letters);
    return 'email';
  }

  /** A pupil is never sent a family's digest, even if they redeemed a code before joining the class. */
  async #isPupil(klass: Class, platformUserId: string): Promise<boolean> {
    const pupil = await this.#services.deps.db.member.findFirst({
      where: {
        platformUserId,
        role: 'student',
        class: { platform: klass.platform, workspaceId: klass.workspaceId },
      },
      select: { id: true },
    });
    return pupil !== null;
  }

  async #platformClass(data: DigestData, platform: string): Promise<Class | null> {
    return this.#services.deps.db.class.findFirst({
      where: { id: { in: data.classes.map((c) => c.id) }, platform },
      orderBy: { id: 'asc' },
    });
  }
}

/** The digest card with the method's letter on top, when one is due. */
function withLetterCard(card: Card, letters: PendingLetters | null): Card {
  return letters ? { ...card, text: `${letters.text}\n\n---\n\n${card.text ?? ''}` } : card;
}
