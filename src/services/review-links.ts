// Targeted review: a student who got a question wrong is sent back to a review resource through
// the bot's own link, /r/<id>.<signature>, so the teacher learns who watched again. The id is a
// random row id and the signature an HMAC of it with APP_SECRET: the link names no student and
// no question to whoever reads it, and cannot be made up (docs/decisions/0024-targeted-review.md).

import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { decodeReviews, type ReviewResource } from '../domain/quiz-text/index.ts';
import { linkAtMoment } from '../domain/video-moment.ts';
import type { ServiceDeps } from './deps.ts';
import { sign, verify } from './hashing.ts';

/** Path of the tracked links on the bot's HTTP server. */
export const REVIEW_LINK_PATH = '/r/';

/** One student sent back to one resource, for the brief. */
export interface ReviewSend {
  questionId: string;
  /** The question's position in its quiz (0-based). */
  position: number;
  memberId: string;
  name: string;
  /** -1: the question's own resource; else the option whose resource it is. */
  target: number;
  resource: ReviewResource;
  clicked: boolean;
}

const payloadOf = (id: string): string => `review:${id}`;

export class ReviewLinks {
  readonly #deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Notes that a student is sent to a resource (once per student and resource, however many wrong
   * tries) and returns the bot's link to it.
   */
  async send(questionId: string, memberId: string, target: number): Promise<string> {
    const db = this.#deps.db;
    const where = { questionId_memberId_target: { questionId, memberId, target } };
    let row = await db.reviewVisit.findUnique({ where, select: { id: true } });
    if (!row) {
      try {
        row = await db.reviewVisit.create({
          data: { questionId, memberId, target, sentAt: this.#deps.clock.now() },
          select: { id: true },
        });
      } catch (error) {
        // A double click raced with itself (duplicate key): the other one made the row.
        if (!isUniqueViolation(error)) throw error;
        row = await db.reviewVisit.findUniqueOrThrow({ where, select: { id: true } });
      }
    }
    return this.urlOf(row.id);
  }

  /** The signed link of a row. */
  urlOf(id: string): string {
    return `${this.#deps.publicUrl.replace(/\/$/, '')}${REVIEW_LINK_PATH}${id}.${sign(this.#deps.secret, payloadOf(id))}`;
  }

  /**
   * A click on `/r/<token>`: records the first one and returns where to go, or null when the token
   * is not one the bot signed, or its row (its quiz, its student) is gone.
   */
  async open(token: string): Promise<string | null> {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 200) return null;
    const id = token.slice(0, dot);
    if (!verify(this.#deps.secret, payloadOf(id), token.slice(dot + 1))) return null;
    const db = this.#deps.db;
    const row = await db.reviewVisit.findUnique({
      where: { id },
      select: {
        target: true,
        question: { select: { review: true, quiz: { select: { capsule: { select: { videoUrl: true } } } } } },
      },
    });
    if (!row) return null;
    const reviews = decodeReviews(row.question.review);
    const resource = row.target < 0 ? reviews.question : (reviews.options[row.target] ?? null);
    const url = resource?.url ?? row.question.quiz.capsule?.videoUrl ?? null;
    if (!resource || !url) return null;
    let target: string;
    try {
      target = linkAtMoment(url, resource.at);
    } catch {
      return null; // not a link a browser can follow: nothing to count
    }
    // Once per student and resource: a second click keeps the first time.
    await db.reviewVisit.updateMany({
      where: { id, clickedAt: null },
      data: { clickedAt: this.#deps.clock.now() },
    });
    return target;
  }

  /** Who was sent where, for the quizzes of a capsule, in question order then name order. */
  forCapsule(capsuleId: string): Promise<ReviewSend[]> {
    return loadReviewSends(this.#deps.db, capsuleId);
  }
}

/** Who was sent where, for the quizzes of a capsule, in question order then name order. */
export async function loadReviewSends(db: Db, capsuleId: string): Promise<ReviewSend[]> {
  const rows = await db.reviewVisit.findMany({
    where: { question: { quiz: { capsuleId } } },
    select: {
      questionId: true,
      memberId: true,
      target: true,
      clickedAt: true,
      member: { select: { displayName: true } },
      question: { select: { review: true, position: true } },
    },
    orderBy: [{ question: { position: 'asc' } }, { target: 'asc' }, { member: { displayName: 'asc' } }],
  });
  return rows.flatMap((row) => {
    const reviews = decodeReviews(row.question.review);
    const resource = row.target < 0 ? reviews.question : (reviews.options[row.target] ?? null);
    if (!resource) return []; // the teacher removed it since
    return [
      {
        questionId: row.questionId,
        position: row.question.position,
        memberId: row.memberId,
        name: row.member.displayName,
        target: row.target,
        resource,
        clicked: row.clickedAt !== null,
      },
    ];
  });
}
