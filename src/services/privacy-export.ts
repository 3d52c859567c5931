// What Inverso stores about one member, gathered for them or their family: a JSON document with
// every row that names or belongs to them (docs/privacy/*/data-inventory.md lists the fields).
// Anonymous questions are linked to nobody, so they cannot be part of it.
import type { Translate } from '../core/i18n-types.ts';
import type { Db } from '../db/client.ts';
import type { Member } from '../db/models.ts';

/** Everything stored about one member, as they or their teacher can download it. */
export interface StudentExport {
  format: 'inverso-export/1';
  exportedAt: string;
  class: { name: string; platform: string };
  member: {
    displayName: string;
    platformUserId: string;
    role: string;
    language: string | null;
    joined: string;
    directMessagesClosedAt: string | null;
  };
  capsulesWatched: { capsule: string; at: string }[];
  /** Capsules of self-paced sequences opened for the student (issue 14 §1). */
  capsulesOpened: { capsule: string; at: string }[];
  answers: { quiz: string; question: string; answer: string; firstAnswered: string; lastChanged: string }[];
  questions: { text: string; status: string; upvotes: number; at: string }[];
  /** Review links sent after a wrong answer, and when the member first opened each. */
  reviews: { quiz: string; question: string; sentAt: string; openedAt: string | null }[];
  guardians: { email: string | null; onPlatform: boolean; language: string; unsubscribedAt: string | null }[];
  note: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export async function buildExport(db: Db, target: Member, t: Translate, now: Date): Promise<StudentExport> {
  const klass = await db.class.findUniqueOrThrow({ where: { id: target.classId } });
  const views = await db.capsuleView.findMany({
    where: { memberId: target.id },
    include: { capsule: { select: { title: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const unlocks = await db.pathUnlock.findMany({
    where: { memberId: target.id },
    include: { capsule: { select: { title: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const answers = await db.answer.findMany({
    where: { memberId: target.id },
    include: { question: { include: { quiz: { select: { title: true } } } } },
    orderBy: { createdAt: 'asc' },
  });
  const questions = await db.studentQuestion.findMany({
    where: { authorId: target.id },
    orderBy: { createdAt: 'asc' },
  });
  const reviews = await db.reviewVisit.findMany({
    where: { memberId: target.id },
    include: { question: { include: { quiz: { select: { title: true } } } } },
    orderBy: { sentAt: 'asc' },
  });
  const links = await db.guardianLink.findMany({
    where: { memberId: target.id },
    include: { guardian: true },
  });
  return {
    format: 'inverso-export/1',
    exportedAt: now.toISOString(),
    class: { name: klass.name, platform: klass.platform },
    member: {
      displayName: target.displayName,
      platformUserId: target.platformUserId,
      role: target.role,
      language: target.locale,
      joined: target.createdAt.toISOString(),
      directMessagesClosedAt: iso(target.dmClosedAt),
    },
    capsulesWatched: views.map((v) => ({ capsule: v.capsule.title, at: v.createdAt.toISOString() })),
    capsulesOpened: unlocks.map((u) => ({ capsule: u.capsule.title, at: u.createdAt.toISOString() })),
    answers: answers.map((a) => ({
      quiz: a.question.quiz.title,
      question: a.question.prompt,
      answer: (JSON.parse(a.question.options) as string[])[a.choice] ?? String(a.choice),
      firstAnswered: a.createdAt.toISOString(),
      lastChanged: a.updatedAt.toISOString(),
    })),
    questions: questions.map((q) => ({
      text: q.text,
      status: q.status,
      upvotes: q.upvotes,
      at: q.createdAt.toISOString(),
    })),
    reviews: reviews.map((r) => ({
      quiz: r.question.quiz.title,
      question: r.question.prompt,
      sentAt: r.sentAt.toISOString(),
      openedAt: iso(r.clickedAt),
    })),
    guardians: links.map(({ guardian: g }) => ({
      email: g.email,
      onPlatform: g.platformUserId !== null,
      language: g.language,
      unsubscribedAt: iso(g.unsubscribedAt),
    })),
    note: t('common:privacy.exportNote'),
  };
}

/** A file name for the download: the member's name made safe, e.g. `inverso-lea.json`. */
export function exportFileName(target: Pick<Member, 'displayName'>): string {
  const slug = target.displayName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `inverso-${slug || 'export'}.json`;
}
