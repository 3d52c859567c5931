// A class in the middle of a cycle, for the reports' tests: three students, a capsule with a
// two-question quiz, different answers, an anonymous and a named question. Not a test file itself.
import { afterEach, beforeEach } from 'vitest';
import type { Capsule, QuizQuestion } from '../../src/db/models.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp.ts';
import { PrometheusMetrics } from '../../src/metrics/prometheus.ts';
import { ensureDigestPlans, type ReportsFeature, reportsFeature } from '../../src/reports/index.ts';
import { FakeSmtp } from '../fakes/smtp.ts';
import type { TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

export const teacher = person('t1', 'Mme Martin');
export const lea = person('s1', 'Léa');
export const hugo = person('s2', 'Hugo', 'en-GB');
export const ines = person('s3', 'Inès');

export const quizText = `? 1/2 + 1/4 = ?
- 2/6
* 3/4
- 1/3

? Which is bigger?
* 2/3
- 3/5`;

/** What the fixture made. */
export interface CycleFixture {
  capsule: Capsule;
  q1: QuizQuestion;
  q2: QuizQuestion;
}

/**
 * Monday 23 Nov 2026 (the harness's start): set-up, capsule n°1 published at 18:00 for a session
 * on Thursday 10:00 (Paris). Léa watches and gets both right; Hugo gets Q1 wrong (2/6) and Q2
 * right, without watching; Inès does nothing. Hugo asks anonymously (Léa upvotes), Léa asks by name.
 */
export async function cycleFixture(h: Harness): Promise<CycleFixture> {
  await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
  for (const student of [lea, hugo, ines]) await h.as(student).command('help');
  await h.as(teacher).command('capsule schedule', {
    title: 'Additionner des fractions',
    url: 'https://video.example/fractions',
    publish: 'lundi 18h',
    session: 'jeudi 10h',
    minutes: 8,
  });
  await h.as(teacher).command('quiz create', { capsule: '1', text: quizText });
  h.clock.set(new Date('2026-11-23T17:00:00Z'));
  await h.settle();
  const db = h.services.deps.db;
  const capsule = await db.capsule.findFirstOrThrow({ where: { number: 1 } });
  const [q1, q2] = await db.quizQuestion.findMany({ orderBy: { position: 'asc' } });
  if (!q1 || !q2) throw new Error('quiz not created');
  await h.as(lea).click('capsule.watched', [capsule.id]);
  await h.as(lea).click('quiz.answer', [q1.id, '1']);
  await h.as(lea).click('quiz.answer', [q2.id, '0']);
  await h.as(hugo).click('quiz.answer', [q1.id, '0']);
  await h.as(hugo).click('quiz.answer', [q2.id, '0']);
  await h.as(hugo).submit('question.ask', [capsule.id, 'anon'], { text: 'Pourquoi le même dénominateur ?' });
  await h.as(lea).submit('question.ask', [capsule.id, 'named'], { text: 'Et avec trois fractions ?' });
  const anonymous = await db.studentQuestion.findFirstOrThrow({ where: { anonymous: true } });
  await h.as(lea).click('question.upvote', [anonymous.id]);
  await h.settle();
  return { capsule, q1, q2 };
}

/** Three parents, one per student, and the SMTP server they are mailed through. */
export const rosterParents = ['a.parent@example.fr', 'b.parent@example.fr', 'c.parent@example.fr'];

/** What a digest test works with; fresh for every test. */
export interface DigestFixture {
  testDb: TestDb;
  h: Harness;
  smtp: FakeSmtp;
  mailer: Mailer;
  reports: ReportsFeature;
  /** The digests' figures, as /metrics would serve them. */
  metrics: PrometheusMetrics;
}

/**
 * A class through its cycle with a parent per student imported and the weekly plans made, mailed
 * through a real SMTP server on 127.0.0.1. Registers the hooks; read the fields inside tests.
 */
export function useDigestRoster(provider: { open(): Promise<TestDb> }): DigestFixture {
  const f = {} as DigestFixture;
  beforeEach(async () => {
    f.smtp = await FakeSmtp.start();
    f.mailer = createSmtpMailer(f.smtp.url, 'inverso@school.test');
    f.testDb = await provider.open();
    f.metrics = new PrometheusMetrics();
    f.reports = reportsFeature({ mailer: f.mailer, metrics: f.metrics });
    f.h = harness(f.testDb, undefined, [f.reports]);
    await cycleFixture(f.h);
    const roster = ['Léa', 'Hugo', 'Inès'].map((name, i) => `${name},${rosterParents[i]},fr`).join('\n');
    await f.h.as(teacher).command('guardian import', { csv: roster });
    await ensureDigestPlans(f.reports.kit);
  });
  afterEach(async () => {
    await f.mailer.close();
    await f.smtp.close();
    await f.testDb.close();
  });
  return f;
}
