// What a teacher does with the digest: see exactly what one parent will receive, send this week's
// now, write the note, change the day and time. Every action checks the teacher role here too.
import type { Card } from '../../core/card.ts';
import type { MemberInfo } from '../../core/commands.ts';
import { UserError } from '../../core/errors.ts';
import type { Class } from '../../db/models.ts';
import { requireTeacher } from '../../services/access.ts';
import type { Services } from '../../services/index.ts';
import { normaliseEmail } from '../guardian-import.ts';
import type { DigestCollector, DigestData } from './collect.ts';
import type { DigestDelivery } from './delivery.ts';
import type { DigestPlans } from './plans.ts';
import { digestCard, type RenderedDigest, renderDigest } from './render.ts';
import { isoWeek, localDay, nextDigestAt, parseClock, parseWeekday } from './week.ts';

export const NOTE_MAX = 1000;

/** What /digest send did. */
export interface SendNowResult {
  queued: number;
  alreadySent: number;
  canEmail: boolean;
}

export class DigestTeacher {
  readonly #services: Services;
  readonly #collector: DigestCollector;
  readonly #delivery: DigestDelivery;
  readonly #plans: DigestPlans;

  constructor(services: Services, collector: DigestCollector, delivery: DigestDelivery, plans: DigestPlans) {
    this.#services = services;
    this.#collector = collector;
    this.#delivery = delivery;
    this.#plans = plans;
  }

  /**
   * The digest one parent of the class would get if it went out now, as they would get it: the
   * same week (week.ts) and the same rendering as /digest send at this moment. A parent with
   * children in other classes sees those too, but a teacher sees only their own class: the others
   * are counted, not shown.
   */
  async preview(classId: string, member: MemberInfo | null, locale: string, email?: string): Promise<Card> {
    const { klass, data, mail } = await this.#compose(classId, member, email);
    const { i18n } = this.#services.deps;
    const t = i18n.t(locale);
    const g = data.guardian;
    const byDm = Boolean(g.platform && g.platformUserId);
    const fields = [
      {
        label: t('reports:digest.preview.to'),
        value: g.email ?? t('reports:digest.preview.dmOnly'),
        inline: true,
      },
      { label: t('reports:digest.preview.language'), value: g.language, inline: true },
      {
        label: t('reports:digest.preview.channel'),
        value: t(byDm ? 'reports:digest.preview.byDm' : 'reports:digest.preview.byEmail'),
        inline: true,
      },
      {
        label: t('reports:digest.preview.when'),
        value: i18n.formatDate(nextDigestAt(klass, this.#services.deps.clock.now()), locale, klass.timeZone),
        inline: true,
      },
    ];
    const notes = [
      ...(g.unsubscribedAt ? [t('reports:digest.preview.unsubscribed')] : []),
      ...(g.email === null && !byDm ? [t('reports:digest.preview.noAddress')] : []),
      ...(data.hidden > 0 ? [t('reports:digest.preview.hidden', { count: data.hidden })] : []),
    ];
    const footer = [t('reports:digest.preview.footer'), ...notes].join(' ');
    const tone = g.unsubscribedAt ? 'warning' : 'info';
    if (byDm) {
      const card = digestCard(data, this.#delivery.renderContext(g.id, g.language));
      return { ...card, fields, footer, tone };
    }
    return {
      title: t('reports:digest.preview.title', { subject: mail.subject }),
      // The e-mail's own text, as is: chat markup would change what the parent reads.
      text: mail.text.length > 3300 ? `${mail.text.slice(0, 3300)}\n…` : mail.text,
      fields,
      footer,
      tone,
    };
  }

  /** The e-mail (subject, text, HTML) one parent would get if the digest were sent now. */
  async previewMail(classId: string, member: MemberInfo | null, email?: string): Promise<RenderedDigest> {
    return (await this.#compose(classId, member, email)).mail;
  }

  async #compose(
    classId: string,
    member: MemberInfo | null,
    email: string | undefined,
  ): Promise<{ klass: Class; data: DigestData; mail: RenderedDigest }> {
    requireTeacher(member);
    const { db, clock } = this.#services.deps;
    const klass = await db.class.findUniqueOrThrow({ where: { id: classId } });
    const address = email ? normaliseEmail(email) : null;
    if (email && !address) throw new UserError('reports:errors.email', { value: email.slice(0, 60) });
    const link = await db.guardianLink.findFirst({
      where: { member: { classId, role: 'student' }, ...(address ? { guardian: { email: address } } : {}) },
      orderBy: [{ guardian: { email: 'asc' } }, { id: 'asc' }],
    });
    if (!link) {
      if (address) throw new UserError('reports:errors.guardianNotFound', { email: address });
      throw new UserError('reports:errors.noGuardians');
    }
    const data = await this.#collector.collect(link.guardianId, clock.now(), { onlyClassId: classId });
    if (!data) throw new UserError('reports:errors.noGuardians');
    const mail = renderDigest(data, this.#delivery.renderContext(data.guardian.id, data.guardian.language));
    return { klass, data, mail };
  }

  /**
   * Sends the digest so far now to every parent of the class who has not had this week's weekly
   * digest, nor a manual one today. The weekly digest still goes out on its day, covering the
   * whole week.
   */
  async sendNow(classId: string, member: MemberInfo | null): Promise<SendNowResult> {
    const teacher = requireTeacher(member);
    const { db, clock } = this.#services.deps;
    const klass = await db.class.findUniqueOrThrow({ where: { id: classId } });
    const now = clock.now();
    const week = isoWeek(now, klass.timeZone);
    const total = await db.guardianLink.findMany({
      where: { member: { classId, role: 'student' }, guardian: { unsubscribedAt: null } },
      select: { guardianId: true },
      distinct: ['guardianId'],
    });
    if (total.length === 0) throw new UserError('reports:errors.noGuardians');
    const day = localDay(now, klass.timeZone);
    const queued = await this.#plans.enqueueSends(classId, week, now, day);
    await db.auditLog.create({
      data: {
        classId,
        actorId: teacher.id,
        action: 'digest.sendNow',
        details: JSON.stringify({ week, day, queued }),
      },
    });
    return { queued, alreadySent: total.length - queued, canEmail: this.#delivery.canEmail };
  }

  /** Sets (or with an empty text, clears) the note that goes into the next digests. */
  async setNote(classId: string, member: MemberInfo | null, text: string): Promise<string | null> {
    const teacher = requireTeacher(member);
    const note = text.trim();
    if (note.length > NOTE_MAX) throw new UserError('reports:errors.noteTooLong', { max: NOTE_MAX });
    const value = note === '' || note === '-' ? null : note;
    await this.#services.deps.db.$transaction(async (tx) => {
      await tx.class.update({ where: { id: classId }, data: { digestNote: value } });
      await tx.auditLog.create({ data: { classId, actorId: teacher.id, action: 'digest.note' } });
    });
    return value;
  }

  /** Changes the digest's day and time; the pending weekly job moves with them. */
  async setSchedule(
    classId: string,
    member: MemberInfo | null,
    input: { day?: string; time?: string },
  ): Promise<{ klass: Class; next: Date }> {
    const teacher = requireTeacher(member);
    const data: { digestDay?: number; digestTime?: string } = {};
    if (input.day !== undefined) {
      const day = parseWeekday(input.day);
      if (day === null) throw new UserError('reports:errors.weekday', { value: input.day.slice(0, 20) });
      data.digestDay = day;
    }
    if (input.time !== undefined) {
      const time = parseClock(input.time);
      if (time === null) throw new UserError('reports:errors.clock', { value: input.time.slice(0, 20) });
      data.digestTime = time;
    }
    const klass = await this.#services.deps.db.$transaction(async (tx) => {
      const saved = await tx.class.update({ where: { id: classId }, data });
      await tx.auditLog.create({
        data: { classId, actorId: teacher.id, action: 'digest.schedule', details: JSON.stringify(data) },
      });
      return saved;
    });
    await this.#plans.ensure(klass);
    return { klass, next: (await this.#plans.expected(klass)).dueAt };
  }
}
