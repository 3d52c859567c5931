// A member's overview of their classes: what a platform's "home" shows (Slack's App Home).
// Teachers: upcoming capsules, open questions, how the last quiz went. Students: their own progress
// and what is due. Counts only where others are concerned; never another student's name.

import type { HomeOverview, HomeQuery, HomeSource, StudentHome, TeacherHome } from '../core/home.ts';
import type { ServiceDeps } from './deps.ts';
import { lockedFor } from './path-access.ts';

export class HomeService implements HomeSource {
  readonly #deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  async overview(q: HomeQuery): Promise<HomeOverview> {
    const { db, clock } = this.#deps;
    const now = clock.now();
    const members = await db.member.findMany({
      where: {
        platformUserId: q.platformUserId,
        class: { platform: q.platform, workspaceId: q.workspaceId },
      },
      include: { class: true },
      orderBy: { createdAt: 'asc' },
    });
    const classes: HomeOverview['classes'] = [];
    for (const member of members) {
      const klass = member.class;
      const base = {
        classId: klass.id,
        name: klass.name,
        channelId: klass.channelId,
        language: klass.language,
      };
      const ahead = await db.capsule.findMany({
        where: { classId: klass.id, status: { in: ['scheduled', 'published'] }, sessionAt: { gt: now } },
        orderBy: { sessionAt: 'asc' },
      });
      const view = (c: (typeof ahead)[number]) => ({
        id: c.id,
        number: c.number,
        title: c.title,
        videoUrl: c.videoUrl,
        publishAt: c.publishAt,
        sessionAt: c.sessionAt,
        status: c.status as 'scheduled' | 'published',
      });
      if (member.role === 'teacher') {
        const questions = await db.studentQuestion.findMany({
          where: { classId: klass.id, status: 'open' },
          orderBy: [{ upvotes: 'desc' }, { createdAt: 'asc' }],
          take: 5,
        });
        const quiz = await db.quiz.findFirst({
          where: { capsule: { classId: klass.id }, questions: { some: { answers: { some: {} } } } },
          orderBy: { createdAt: 'desc' },
          include: { questions: { orderBy: { position: 'asc' }, include: { answers: true } } },
        });
        const home: TeacherHome = {
          role: 'teacher',
          ...base,
          upcoming: ahead.map(view),
          openQuestions: questions.map((x) => ({ id: x.id, text: x.text, upvotes: x.upvotes })),
          lastQuiz: quiz
            ? {
                title: quiz.title,
                closed: quiz.closedAt !== null || (quiz.closeAt !== null && quiz.closeAt <= now),
                questions: quiz.questions.map((x) => {
                  const correct = JSON.parse(x.correct) as number[];
                  return {
                    position: x.position + 1,
                    prompt: x.prompt,
                    answers: x.answers.length,
                    right: correct.length ? x.answers.filter((a) => correct.includes(a.choice)).length : null,
                  };
                }),
              }
            : null,
        };
        classes.push(home);
        continue;
      }
      const all = await db.capsule.findMany({
        where: { classId: klass.id, status: 'published' },
        include: {
          views: { where: { memberId: member.id } },
          quizzes: { include: { questions: { include: { answers: { where: { memberId: member.id } } } } } },
        },
        orderBy: { sessionAt: 'asc' },
      });
      // A capsule still locked on the student's self-paced path is left out (its buttons would be
      // refused); /path shows it as locked with what opens it (docs/decisions/0025).
      const locked = await lockedFor(db, all, member.id);
      const published = all.filter((c) => !locked.has(c.id));
      const answeredAll = (qz: (typeof published)[number]['quizzes'][number]) =>
        qz.questions.length > 0 && qz.questions.every((x) => x.answers.length > 0);
      const quizzes = published.flatMap((c) => c.quizzes);
      const home: StudentHome = {
        role: 'student',
        ...base,
        progress: {
          capsules: published.length,
          watched: published.filter((c) => c.views.length > 0).length,
          quizzes: quizzes.length,
          answered: quizzes.filter(answeredAll).length,
        },
        due: published
          .filter((c) => c.sessionAt > now)
          .map((c) => {
            const open = c.quizzes.filter((qz) => qz.closedAt === null && (!qz.closeAt || qz.closeAt > now));
            return {
              capsule: view(c),
              watched: c.views.length > 0,
              quizOpen: open.length > 0,
              answered: open.every(answeredAll),
            };
          }),
      };
      classes.push(home);
    }
    return { classes };
  }
}
