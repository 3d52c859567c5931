// A student's question reaches the class channel exactly once, crashes included (issue 12). The
// question and a safety-net job are written together; the asker's own request then posts through
// the intent path (Outbox.post: an intent row before the platform call, the key in Slack's
// metadata or Discord's nonce). When the post is known, the question keeps its reference and the
// intent row and the net are deleted, so a question that went out leaves no other row behind
// (anonymity, ADR 0012). A process killed in between, or an answer lost on the way, leaves the
// net: a worker runs it a little later, finds the message the platform kept, and posts nothing.
import type { Class, StudentQuestion } from '../db/models.ts';
import { JobState } from '../scheduler/job-record.ts';
import type { JobOutcome, JobRecord } from '../scheduler/types.ts';
import type { CapsuleService } from './capsules.ts';
import { questionPublicCard } from './cards/question-card.ts';
import type { ServiceDeps } from './deps.ts';
import { type Outbox, parseRef } from './outbox.ts';

export const QUESTION_POST_JOB = 'question.post';
/** The net runs once the asker's own attempt has had time to end (about one job lease). */
export const QUESTION_NET_DELAY_MS = 30_000;

/** The platform key of a question's message (its Slack metadata, its Discord nonce). */
export const questionPostKey = (questionId: string) => `question:${questionId}`;
const netKey = (questionId: string) => `${QUESTION_POST_JOB}:${questionId}`;

/** Posts questions once and runs their safety nets. */
export class QuestionPoster {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #capsules: CapsuleService;

  constructor(deps: ServiceDeps, outbox: Outbox, capsules: CapsuleService) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.#capsules = capsules;
  }

  /** The safety-net job's row, written in the question's own transaction. */
  net(question: Pick<StudentQuestion, 'id' | 'classId'>) {
    return {
      kind: QUESTION_POST_JOB,
      classId: question.classId,
      dueAt: new Date(this.#deps.clock.now().getTime() + QUESTION_NET_DELAY_MS),
      idempotencyKey: netKey(question.id),
      payload: JSON.stringify({ questionId: question.id }),
    };
  }

  /** Whether a post of this question was started (it may be in the channel): the net then stays. */
  async started(questionId: string): Promise<boolean> {
    return (await this.#deps.db.postIntent.count({ where: { key: questionPostKey(questionId) } })) > 0;
  }

  /** Posts the question (or finds its message) and keeps the reference on it. */
  async post(klass: Class, question: StudentQuestion, authorName: string | null): Promise<StudentQuestion> {
    const ref = await this.#outbox.post(
      klass,
      questionPublicCard(question, authorName, this.#outbox.t(klass)),
      questionPostKey(question.id),
      question.capsuleId ? parseRef((await this.#capsules.byId(question.capsuleId)).threadRef) : null,
    );
    const updated = await this.#deps.db.studentQuestion.update({
      where: { id: question.id },
      data: { messageRef: JSON.stringify(ref) },
    });
    await this.forget(question.id);
    return updated;
  }

  /** Deletes the question's intent row and its net (unless a worker is running it: it ends done). */
  async forget(questionId: string): Promise<void> {
    const { db } = this.#deps;
    await db.postIntent.deleteMany({ where: { key: questionPostKey(questionId) } });
    await db.job.deleteMany({ where: { idempotencyKey: netKey(questionId), state: JobState.pending } });
  }

  /** The net: a question that is public and has no message yet is posted (or found) now. */
  async runNet(job: JobRecord): Promise<JobOutcome> {
    const { db, clock } = this.#deps;
    const id = typeof job.payload.questionId === 'string' ? job.payload.questionId : '';
    const question = await db.studentQuestion.findUnique({ where: { id } });
    if (!question) return { status: 'skipped', reason: 'question deleted' };
    if (question.messageRef) {
      await db.postIntent.deleteMany({ where: { key: questionPostKey(id) } });
      return { status: 'done' };
    }
    if (question.status === 'pending' || question.status === 'hidden')
      return { status: 'skipped', reason: 'question not public' };
    const klass = await db.class.findUniqueOrThrow({ where: { id: question.classId } });
    if (!this.#outbox.available(klass)) {
      return {
        status: 'deferred',
        until: new Date(clock.now().getTime() + 60_000),
        reason: 'platform not running',
      };
    }
    const author = question.authorId
      ? await db.member.findUnique({ where: { id: question.authorId } })
      : null;
    await this.post(klass, question, question.anonymous ? null : (author?.displayName ?? null));
    return { status: 'done' };
  }
}
