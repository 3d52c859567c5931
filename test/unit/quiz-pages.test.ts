// How a quiz's questions share channel messages (ADR 0021): five per message, one row of answers
// each, fewer when long questions would not fit one message's text, and what that message shows.
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n.ts';
import { pages, type QuestionView, quizMessageCard } from '../../src/services/cards/quiz-card.ts';

const question = (position: number, prompt: string, options: string[]): QuestionView => ({
  id: `q${position}`,
  position,
  prompt,
  options,
  correct: [0],
  explanation: position === 0 ? 'Parce que.' : null,
  feedback: [],
  reviews: { question: null, options: [] },
});

describe('quiz pages', () => {
  it('puts five short questions per message and the rest in the next', () => {
    const short = Array.from({ length: 7 }, (_, i) => question(i, `Q${i} ?`, ['oui', 'non']));
    expect(pages(short).map((p) => p.map((q) => q.position))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6],
    ]);
  });

  it('puts fewer long questions per message, so none is cut', () => {
    const long = Array.from({ length: 5 }, (_, i) =>
      question(
        i,
        'x'.repeat(300),
        Array.from({ length: 10 }, () => 'y'.repeat(80)),
      ),
    );
    const split = pages(long);
    expect(split.length).toBeGreaterThan(1);
    expect(split.flat()).toHaveLength(5);
    const t = createI18n('fr').t('fr');
    for (const page of split) {
      const card = quizMessageCard(
        { title: 'Long', resultsVisibility: 'live', kind: 'graded' },
        page,
        5,
        [],
        { closed: false, t },
      );
      expect(card.text?.length ?? 0).toBeLessThanOrEqual(4096);
    }
  });

  it('shows each question with its own tally and row, and right answers once closed', () => {
    const t = createI18n('fr').t('fr');
    const page = [question(0, 'Un ?', ['a', 'b']), question(1, 'Deux ?', ['c', 'd', 'e'])];
    const quiz = { title: 'Fractions', resultsVisibility: 'live', kind: 'graded' } as const;
    const tallies = [
      { total: 3, perOption: [2, 1] },
      { total: 1, perOption: [0, 0, 1] },
    ];
    const open = quizMessageCard(quiz, page, 2, tallies, { closed: false, t });
    expect(open.title).toBe('Quiz — Fractions · 2 questions');
    expect(open.text).toContain('**A.** a — 2');
    expect(open.fields?.[0]).toEqual({
      label: "Réponses pour l'instant",
      value: '1. 3 réponses\n2. 1 réponse',
    });
    expect(open.controls?.map((row) => row.map((c) => (c.kind === 'button' ? c.label : '')))).toEqual([
      ['1A. a', '1B. b'],
      ['2A. c', '2B. d', '2C. e'],
    ]);
    const closed = quizMessageCard(quiz, page, 2, tallies, { closed: true, t });
    expect(closed.controls).toBeUndefined();
    expect(closed.text).toContain('**A.** a — 2 ✅');
    expect(closed.fields).toContainEqual({ label: 'Explication — 1', value: 'Parce que.' });
  });
});
