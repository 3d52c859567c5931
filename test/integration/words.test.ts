// Words: cards in the class's language after it changes, setting values in words, French elision
// in names, the /progress CSV option's own hint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { elideDe } from '../../src/i18n/elision.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { progressCommands } from '../../src/reports/commands/progress-command.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const ines = person('s1', 'Inès');
const quiz = '? 1/2 + 1/4 = ?\n- 2/6\n* 3/4\n\n? Vrai ?\n* Oui\n- Non';

describe('words in French', () => {
  const fr = createI18n('fr').t('fr');

  it('elides "de" before a vowel: d\'Inès, de Léa', () => {
    expect(['Inès', 'Émile', 'Yanis', 'Léa', 'Hugo', 'Ayoub'].map(elideDe)).toEqual([
      "d'Inès",
      "d'Émile",
      'de Yanis',
      'de Léa',
      'de Hugo',
      "d'Ayoub",
    ]);
    expect(fr('cards:question.title', { name: 'Inès' })).toBe("Question d'Inès");
    expect(fr('cards:question.title', { name: 'Léa' })).toBe('Question de Léa');
    expect(fr('reports:guardian.codeTitle', { student: 'Inès' })).toBe("Code pour un parent d'Inès");
    expect(createI18n('fr').t('en')('cards:question.title', { name: 'Inès' })).not.toContain("d'");
  });
});

describe('words in the channel and in settings', () => {
  let testDb: TestDb;
  let h: Harness;
  beforeEach(async () => {
    testDb = await sqliteTestDb();
    h = harness(testDb);
  });
  afterEach(async () => {
    await testDb.close();
  });

  it('rewrites the cards still in use in the class language after it changes', async () => {
    await h.as(teacher).command('setup', { name: '4e B' });
    await h.as(ines).command('help');
    await h.as(teacher).command('capsule schedule', {
      title: 'Fractions',
      url: 'https://video.example/f',
      publish: '2026-11-24 08:00',
      session: '2026-11-26 10:00',
    });
    await h.as(teacher).command('quiz create', { capsule: '1', text: quiz });
    await h.as(teacher).command('capsule post', { capsule: '1' });
    await h.settle();
    const live = h.platform.channel.slice(1); // the capsule card and its quiz (both questions)
    expect(live.map((r) => r.card.title)).toEqual([
      'Capsule n°1 — Fractions',
      expect.stringContaining('2 questions'),
    ]);
    const settings = await h.as(teacher).command('settings', { language: 'en' });
    const words = JSON.stringify(live.map((r) => r.card));
    expect(words).toContain('Capsule #1 — Fractions');
    expect(words).toContain('I watched it');
    expect(words).toContain('Answers so far');
    expect(words).not.toMatch(/regardée|Réponses|Poser une question|Séance/);
    // The session's calendar event too.
    expect([...h.platform.events.values()].map((e) => e.name)).toEqual(['Class session: Fractions']);
    // Setting values are words, not codes, in the teacher's own language.
    const fields = settings.private[0]?.fields ?? [];
    expect(fields.find((f) => f.label === 'Langue')?.value).toBe('Anglais');
    expect(fields.find((f) => f.label === 'Le bilan du professeur va à')?.value).toBe(
      'message privé aux enseignants',
    );
  });

  it('describes the /progress csv option as the class table, not the parents roster', async () => {
    const progress = progressCommands().find((c) => c.name === 'progress');
    const option = progress?.options.find((o) => o.name === 'csv');
    if (!option) throw new Error('no csv option on /progress');
    const fr = createI18n('fr').t('fr');
    expect(fr(option.descriptionKey)).toContain('tableau de la classe');
    expect(fr(option.descriptionKey)).not.toContain('email_parent');
  });
});
