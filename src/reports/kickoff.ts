// Starting the method (issue 14 §5): the three ready texts offered to the teacher after /setup —
// a message to the class in words for its level, a poll on the class's own rules (an anonymous
// review poll, the same machinery as the "bilan"), and a letter to parents explaining the method
// and what Inverso stores, sent by e-mail or DM to the parents on file. Parents added later get it
// in their first digest (digest/letter.ts).
import type { Card } from '../core/card.ts';
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import { escapeHtml } from '../core/escape-html.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { Class } from '../db/models.ts';
import type { Mailer } from '../mail/mailer.ts';
import { requireTeacher } from '../services/access.ts';
import type { KickoffKind } from '../services/cards/kickoff-card.ts';
import type { Services } from '../services/index.ts';
import { noticeUrl } from '../services/privacy-links.ts';

const POLL_QUESTIONS = ['when', 'ask', 'help'] as const;
const POLL_DAYS = 7;

/** The letter to parents in one language: subject and plain text. */
export function parentLetter(services: Services, klass: Pick<Class, 'name'>, lang: string) {
  const t = services.deps.i18n.t(lang);
  const privacyUrl = noticeUrl(services.deps.publicUrl, 'parents', lang);
  return {
    subject: t('cards:kickoff.letter.subject', { name: klass.name }),
    text: t('cards:kickoff.letter.text', { name: klass.name, privacyUrl }),
  };
}

/** The message to the class: simpler words up to collège, more detail from lycée on. */
export function classMessage(t: Translate, level: string): Card {
  const young = level === 'primaire' || level === 'college';
  return {
    title: t('cards:kickoff.message.title'),
    text: t(young ? 'cards:kickoff.message.young' : 'cards:kickoff.message.older'),
  };
}

export class KickoffService {
  readonly #services: Services;
  readonly #mailer: Mailer | null;

  constructor(services: Services, mailer: Mailer | null) {
    this.#services = services;
    this.#mailer = mailer;
  }

  /** The text as it will go out, in the class's language (the letter: in the teacher's). */
  async preview(classId: string, member: MemberInfo | null, kind: KickoffKind, lang: string): Promise<Card> {
    requireTeacher(member);
    const klass = await this.#services.classes.get(classId);
    const t = this.#services.outbox.t(klass);
    if (kind === 'message') return classMessage(t, klass.level);
    if (kind === 'letter') {
      const letter = parentLetter(this.#services, klass, lang);
      return { title: letter.subject, text: letter.text };
    }
    const lines = POLL_QUESTIONS.map(
      (q) =>
        `**${t(`cards:kickoff.poll.${q}`)}**\n${pollOptions(t, q)
          .map((o) => `• ${o}`)
          .join('\n')}`,
    );
    return { title: t('cards:kickoff.poll.title'), text: lines.join('\n\n') };
  }

  /** Sends one text; returns what the teacher is told. */
  async send(
    classId: string,
    member: MemberInfo | null,
    kind: KickoffKind,
  ): Promise<{ email: number; dm: number }> {
    const teacher = requireTeacher(member);
    const klass = await this.#services.classes.get(classId);
    const audit = (action: string) =>
      this.#services.deps.db.auditLog.create({
        data: { classId, actorId: teacher.id, action, details: '{}' },
      });
    if (kind === 'message') {
      await this.#services.outbox.post(klass, classMessage(this.#services.outbox.t(klass), klass.level));
      await audit('kickoff.message');
      return { email: 0, dm: 0 };
    }
    if (kind === 'poll') {
      await this.#postPoll(klass);
      await audit('kickoff.poll');
      return { email: 0, dm: 0 };
    }
    const sent = await this.#sendLetter(klass);
    await audit('kickoff.letter');
    return sent;
  }

  async #postPoll(klass: Class): Promise<void> {
    const { db, clock } = this.#services.deps;
    const t = this.#services.outbox.t(klass);
    const now = clock.now();
    // The poll hangs on a "getting started" sequence, closed at once: it holds no capsule.
    const name = t('cards:kickoff.sequenceName');
    const existing = await db.sequence.findUnique({ where: { classId_name: { classId: klass.id, name } } });
    if (existing && (await db.quiz.count({ where: { sequenceId: existing.id, kind: 'review' } })) > 0)
      throw new UserError('cards:kickoff.already.poll');
    const sequence =
      existing ??
      (await db.sequence.create({ data: { classId: klass.id, name, closedAt: now, resultsPostedAt: now } }));
    const quiz = await db.quiz.create({
      data: {
        sequenceId: sequence.id,
        title: t('cards:kickoff.poll.title'),
        kind: 'review',
        resultsVisibility: 'after_close',
        openAt: now,
        closeAt: new Date(now.getTime() + POLL_DAYS * 24 * 3600_000),
        questions: {
          create: POLL_QUESTIONS.map((q, position) => ({
            position,
            prompt: t(`cards:kickoff.poll.${q}`),
            options: JSON.stringify(pollOptions(t, q)),
            correct: '[]',
          })),
        },
      },
      include: { questions: { orderBy: { position: 'asc' } } },
    });
    try {
      await this.#services.quizzes.post(quiz, klass);
    } catch (error) {
      await db.quiz.delete({ where: { id: quiz.id } }).catch(() => undefined);
      throw error;
    }
    await this.#services.queue.enqueue({
      kind: 'quiz.close',
      dueAt: quiz.closeAt ?? now,
      key: `quiz.close:review:${quiz.id}`,
      classId: klass.id,
      payload: { quizId: quiz.id },
    });
  }

  /** E-mail (or DM for parents linked on the platform) to every parent on file not yet reached. */
  async #sendLetter(klass: Class): Promise<{ email: number; dm: number }> {
    const { db, clock } = this.#services.deps;
    await db.class.update({ where: { id: klass.id }, data: { parentLetterAt: clock.now() } });
    const links = await db.guardianLink.findMany({
      where: { member: { classId: klass.id }, letterSentAt: null, guardian: { unsubscribedAt: null } },
      include: { guardian: true },
    });
    const counts = { email: 0, dm: 0 };
    const done = new Set<string>();
    for (const link of links) {
      const g = link.guardian;
      if (!done.has(g.id)) {
        const letter = parentLetter(this.#services, klass, g.language);
        const via = await this.#deliver(klass, g, letter);
        if (via === 'none') continue; // kept for their first digest
        counts[via]++;
        done.add(g.id);
      }
      await db.guardianLink.update({ where: { id: link.id }, data: { letterSentAt: clock.now() } });
    }
    return counts;
  }

  async #deliver(
    klass: Class,
    g: { id: string; email: string | null; platform: string | null; platformUserId: string | null },
    letter: { subject: string; text: string },
  ): Promise<'email' | 'dm' | 'none'> {
    if (g.platform === klass.platform && g.platformUserId && this.#services.outbox.available(klass)) {
      const result = await this.#services.outbox
        .platformOf(klass)
        .sendDirect(
          { workspaceId: klass.workspaceId, platformUserId: g.platformUserId },
          { title: letter.subject, text: letter.text },
          { idempotencyKey: `kickoff-letter:${klass.id}:${g.id}` },
        );
      if (result.status === 'sent') return 'dm';
    }
    if (!g.email || !this.#mailer) return 'none';
    const host = new URL(this.#services.deps.publicUrl).hostname || 'localhost';
    await this.#mailer.send({
      to: g.email,
      subject: letter.subject,
      text: letter.text,
      html: `<p>${escapeHtml(letter.text).replaceAll('\n\n', '</p><p>').replaceAll('\n', '<br>')}</p>`,
      messageId: `kickoff-letter.${klass.id}.${g.id}@${host}`,
    });
    return 'email';
  }
}

function pollOptions(t: Translate, question: (typeof POLL_QUESTIONS)[number]): string[] {
  return t(`cards:kickoff.poll.${question}Options`).split('|');
}
