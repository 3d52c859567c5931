// The teacher's brief through the real core: scheduled before the session (DM to each teacher,
// or to a summary channel), on demand with /brief, with its chart; and /groups, reproducible.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatPlatform } from '../../src/core/platform.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { cycleFixture, hugo, lea, teacher } from './reports-fixture.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('the teacher brief', () => {
  let testDb: TestDb;
  let h: Harness;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
  });
  afterEach(async () => testDb.close());

  it('is sent privately to the teacher 2 h before the session, with a chart', async () => {
    const { capsule } = await cycleFixture(h);
    const job = await testDb.db.job.findUniqueOrThrow({
      where: { idempotencyKey: `brief.send:${capsule.id}` },
    });
    expect(job.dueAt.toISOString()).toBe('2026-11-26T07:00:00.000Z'); // Thursday 10:00 Paris − 2 h
    expect(h.platform.direct.get(teacher.platformUserId) ?? []).toHaveLength(0);

    h.clock.set(new Date('2026-11-26T07:00:00Z'));
    await h.settle();
    const briefs = (h.platform.direct.get(teacher.platformUserId) ?? []).filter((c) =>
      c.title?.startsWith('Point'),
    );
    expect(briefs).toHaveLength(1);
    const brief = briefs[0]!;
    expect(brief.title).toBe('Point avant la séance — n°1 Additionner des fractions');
    const text = brief.text ?? '';
    expect(text).toContain('Ont regardé : 1/3');
    expect(text).toContain('Pas encore : Hugo, Inès');
    expect(text).toContain('50 % de bonnes réponses (2 réponses)'); // Q1: Léa right, Hugo wrong
    expect(text).toContain('erreur la plus fréquente : « 2/6 » (1)');
    expect(text).toContain('100 % de bonnes réponses'); // Q2
    expect(text).toMatch(/Sans activité : 1 élève\*\*\nInès/);
    // Top questions: the upvoted anonymous one first, and its author is not named.
    expect(text).toMatch(/▲ 1 — « Pourquoi le même dénominateur \? » \(anonyme\)/);
    expect(text).toContain('(Léa)');
    expect(text).not.toMatch(/Pourquoi[^\n]*Hugo/);
    // Groups: by level and mixed, Inès flagged.
    expect(text).toContain('Par niveau');
    expect(text).toContain('Inès ⚑');
    expect(text).toContain('Mixtes');
    expect([...(brief.image?.png.slice(0, 4) ?? [])]).toEqual(PNG);
    expect(brief.image?.png.length).toBeGreaterThan(2000);
    expect(brief.image?.alt).toContain('1 sur 3');
    // Students never see it.
    expect(h.platform.direct.get(lea.platformUserId) ?? []).not.toContainEqual(
      expect.objectContaining({ title: brief.title }),
    );
    expect(h.platform.channel.some((m) => m.card.title === brief.title)).toBe(false);
  });

  it('is retried for a teacher whose DM failed, without a second copy for the others', async () => {
    const { capsule } = await cycleFixture(h);
    const colleague = person('t2', 'M. Durand');
    await h.as(colleague).command('help');
    await h.as(teacher).command('teacher add', { user: colleague.platformUserId });
    // DMs as the platforms send them: a key already delivered is not shown again. The colleague's
    // first one meets a 5xx.
    const platform = h.platform;
    const send = platform.sendDirect.bind(platform);
    const delivered = new Set<string>();
    let failures = 1;
    const sendDirect: ChatPlatform['sendDirect'] = async (to, card, options) => {
      const key = options?.idempotencyKey ?? '';
      if (delivered.has(key))
        return { status: 'sent', ref: { platform: platform.id, channelId: 'dm', messageId: key } };
      if (to.platformUserId === colleague.platformUserId && failures-- > 0)
        throw new Error('503 Service Unavailable');
      delivered.add(key);
      return send(to, card);
    };
    platform.sendDirect = sendDirect;
    const briefs = (user: string) =>
      (platform.direct.get(user) ?? []).filter((c) => c.title?.startsWith('Point'));

    h.clock.set(new Date('2026-11-26T07:00:00Z'));
    await h.settle();
    expect(briefs(teacher.platformUserId)).toHaveLength(1);
    expect(briefs(colleague.platformUserId)).toHaveLength(0);
    const job = await testDb.db.job.findUniqueOrThrow({
      where: { idempotencyKey: `brief.send:${capsule.id}` },
    });
    expect([job.state, job.attempts]).toEqual(['pending', 1]);

    h.clock.advance(5 * 60_000);
    await h.settle();
    expect(briefs(teacher.platformUserId)).toHaveLength(1);
    expect(briefs(colleague.platformUserId)).toHaveLength(1);
    const done = await testDb.db.job.findUniqueOrThrow({
      where: { idempotencyKey: `brief.send:${capsule.id}` },
    });
    expect(done.state).toBe('done');
  });

  it('moves with the session, goes with a cancelled capsule, and can go to a summary channel', async () => {
    const { capsule } = await cycleFixture(h);
    // An absolute date: the core reads relative dates of a published capsule from 1970 (reported).
    const edit = await h.as(teacher).command('capsule edit', { capsule: '1', session: '27/11/2026 14h' });
    expect(edit.private[0]?.tone).not.toBe('error');
    const moved = await testDb.db.job.findUniqueOrThrow({
      where: { idempotencyKey: `brief.send:${capsule.id}` },
    });
    expect(moved.dueAt.toISOString()).toBe('2026-11-27T11:00:00.000Z');

    await h.as(teacher).command('settings', { brief: 'salle-des-profs' });
    h.clock.set(new Date('2026-11-27T11:00:00Z'));
    await h.settle();
    const posted = h.platform.channel.filter((m) => m.card.title?.startsWith('Point avant'));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.ref.channelId).toBe('salle-des-profs');

    await h.as(teacher).command('capsule schedule', {
      title: 'Multiplier',
      url: 'https://video.example/x',
      publish: 'lundi 18h',
      session: 'mercredi 10h',
    });
    const second = await testDb.db.capsule.findFirstOrThrow({ where: { number: 2 } });
    await h.as(teacher).command('capsule cancel', { capsule: '2' });
    const cancelled = await testDb.db.job.findUniqueOrThrow({
      where: { idempotencyKey: `brief.send:${second.id}` },
    });
    expect(cancelled.state).toBe('cancelled');
  });

  it('answers /brief on demand in the teacher language, and refuses students', async () => {
    await cycleFixture(h);
    const brief = await h.as(teacher).command('brief');
    expect(brief.private[0]?.title).toContain('n°1');
    expect(brief.private[0]?.image?.filename).toBe('brief-1.png');
    const refused = await h.as(hugo).command('brief');
    expect(refused.private[0]?.tone).toBe('error');
    expect(refused.private[0]?.text).toContain('teachers');
  });

  it('suggests the same groups every time, each with its reason', async () => {
    await cycleFixture(h);
    const first = await h.as(teacher).command('groups', { capsule: '1', size: 2 });
    const again = await h.as(teacher).command('groups', { capsule: '1', size: 2 });
    const text = first.private[0]?.text ?? '';
    expect(text).toBe(again.private[0]?.text);
    // Léa 100 % mastered, Hugo 50 % in progress, Inès no answer: three level groups.
    expect(text).toMatch(/1\. Hugo \(50 %\) — _en cours/);
    expect(text).toMatch(/2\. Léa \(100 %\) — _acquis/);
    expect(text).toMatch(/3\. Inès ⚑ — _pas de réponse/);
    // Mixed by 2 with 3 students: one group of 3, Léa explaining.
    expect(text).toMatch(
      /1\. Léa \(100 %\), Hugo \(50 %\), Inès ⚑ — _Léa a compris et peut expliquer à Inès_/,
    );
    expect(text).toContain("⚑ n'a pas répondu");
  });
});
