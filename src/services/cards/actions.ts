// The arguments of every button and menu the cards carry, declared once: the cards build their
// controls with these, and the handlers in commands/ read the clicks with the same declarations.
import { actionKey } from '../../core/actions.ts';

/** "I watched it" under a capsule. */
export const capsuleWatched = actionKey('capsule.watched', ['capsuleId']);

/** Opens a capsule's quiz privately. */
export const quizTake = actionKey('quiz.take', ['capsuleId']);

/** An answer to a quiz question: a button carries its choice, a menu sends it as the value. */
export const quizAnswer = actionKey('quiz.answer', ['questionId'], ['choice']);

/** "Try again" after a wrong answer sent to review: the question again, privately, for practice. */
export const quizRetry = actionKey('quiz.retry', ['questionId']);

/** "Ask a question" under a capsule: first the choice of being named or anonymous. */
export const questionAsk = actionKey('question.ask', ['capsuleId']);

/** Opens the question form, named or anonymous. */
export const questionForm = actionKey('question.form', ['capsuleId', 'anonymity']);

/** An upvote of a classmate's question. */
export const questionUpvote = actionKey('question.upvote', ['questionId']);

/** A teacher marks a question selected, answered or hidden. */
export const questionMark = actionKey('question.mark', ['questionId', 'status']);
