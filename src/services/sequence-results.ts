// At the end of a sequence, the class's results valued in the channel (issue 14 §5): capsules
// watched, questions discussed, the question the class improved most on — about the class as a
// whole, never ranking or naming a student.
import type { Card } from '../core/card.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';

/** What the class achieved over one sequence. */
export interface SequenceResults {
  name: string;
  capsules: number;
  views: number;
  questions: number;
  discussed: number;
  /** The quiz question most students got right on a later try after a wrong first answer. */
  improved: { prompt: string; students: number } | null;
}

export class SequenceResultsService {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;

  constructor(deps: ServiceDeps, outbox: Outbox) {
    this.#deps = deps;
    this.#outbox = outbox;
  }

  /** Counts the sequence's results. */
  async results(sequenceId: string): Promise<SequenceResults> {
    const db = this.#deps.db;
    const sequence = await db.sequence.findUniqueOrThrow({ where: { id: sequenceId } });
    const capsules = await db.capsule.findMany({
      where: { sequenceId, status: { not: 'cancelled' } },
      select: { id: true },
    });
    const ids = capsules.map((c) => c.id);
    const [views, questions, discussed, quizQuestions] = await Promise.all([
      db.capsuleView.count({ where: { capsuleId: { in: ids } } }),
      db.studentQuestion.count({ where: { capsuleId: { in: ids }, status: { not: 'hidden' } } }),
      db.studentQuestion.count({
        where: { capsuleId: { in: ids }, status: { in: ['selected', 'answered'] } },
      }),
      db.quizQuestion.findMany({
        where: { quiz: { capsuleId: { in: ids }, kind: 'graded' } },
        select: { prompt: true, correct: true, answers: { select: { choice: true, lastChoice: true } } },
      }),
    ]);
    let improved: SequenceResults['improved'] = null;
    for (const q of quizQuestions) {
      const right = new Set(JSON.parse(q.correct) as number[]);
      const students = q.answers.filter(
        (a) => !right.has(a.choice) && a.lastChoice !== null && right.has(a.lastChoice),
      ).length;
      if (students > 0 && (!improved || students > improved.students))
        improved = { prompt: q.prompt, students };
    }
    return { name: sequence.name, capsules: ids.length, views, questions, discussed, improved };
  }

  /** Posts the results in the class channel, once per sequence. */
  async post(sequenceId: string): Promise<boolean> {
    const db = this.#deps.db;
    const sequence = await db.sequence.findUniqueOrThrow({ where: { id: sequenceId } });
    if (sequence.resultsPostedAt) return false;
    const klass = await db.class.findUniqueOrThrow({ where: { id: sequence.classId } });
    const card = resultsCard(await this.results(sequenceId), this.#outbox.t(klass));
    await this.#outbox.post(klass, card, `sequence-results:${sequenceId}`);
    await db.sequence.update({
      where: { id: sequenceId },
      data: { resultsPostedAt: this.#deps.clock.now() },
    });
    return true;
  }
}

/** The channel card: what the class did together. */
export function resultsCard(r: SequenceResults, t: Translate): Card {
  const lines = [
    t('cards:results.watched', { count: r.views, capsules: r.capsules }),
    t('cards:results.questions', { count: r.questions, discussed: r.discussed }),
  ];
  if (r.improved)
    lines.push(t('cards:results.improved', { prompt: r.improved.prompt, count: r.improved.students }));
  lines.push(t('cards:results.thanks'));
  return { title: t('cards:results.title', { name: r.name }), text: lines.join('\n\n'), tone: 'success' };
}
