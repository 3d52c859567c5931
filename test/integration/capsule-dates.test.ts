// Dates read as the teacher means them, end to end through /capsule schedule and /capsule list:
// a session by weekday follows the publication, a typed time is kept, what cannot be read is named,
// the year shows when it is not this year, and daylight-saving adjustments are reported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const sqlite = providers.find((p) => p.name === 'sqlite')!;

describe('capsule dates', () => {
  let testDb: TestDb;
  let h: Harness;

  beforeEach(async () => {
    testDb = await sqlite.open();
    h = harness(testDb, new Date('2026-12-01T08:00:00Z')); // Tuesday 1 Dec 2026, 09:00 in Paris
    await h.as(teacher).command('setup', { name: '4e B' });
  });
  afterEach(async () => testDb.close());

  const schedule = (publish: string, session: string) =>
    h
      .as(teacher)
      .command('capsule schedule', { title: 'Fractions', url: 'https://v.example', publish, session });

  it('puts a session given by weekday after the publication', async () => {
    const done = await schedule('lundi 8h', 'mardi 10h');
    expect(done.private[0]?.tone).toBe('success');
    const capsule = await testDb.db.capsule.findFirstOrThrow();
    expect(capsule.publishAt.toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(capsule.sessionAt.toISOString()).toBe('2026-12-08T09:00:00.000Z');
    expect(done.private[0]?.text).toContain('mardi 8 décembre');
    expect(done.private[0]?.text).not.toContain('2026');
  });

  it('keeps the time typed after a number of days', async () => {
    await schedule('demain 8h', 'dans 5 jours 10h');
    const capsule = await testDb.db.capsule.findFirstOrThrow();
    expect(capsule.sessionAt.toISOString()).toBe('2026-12-06T09:00:00.000Z');
  });

  it('refuses naming the part it could not read, and saves nothing', async () => {
    const refused = await schedule('lundi 8h', 'mardi 10h en salle B');
    expect(refused.private[0]?.tone).toBe('error');
    expect(refused.private[0]?.text).toContain('« en salle B »');
    expect(await testDb.db.capsule.count()).toBe(0);
  });

  it('shows the year of a date that is not in the current year, in confirmations and the list', async () => {
    const done = await schedule('le 4 janvier 8h', 'le 5 janvier 10h');
    expect(done.private[0]?.text).toContain('5 janvier 2027');
    const list = await h.as(teacher).command('capsule list');
    expect(list.private[0]?.text).toContain('2027');
  });

  it('reports a time the clocks skip, with the time used', async () => {
    const done = await schedule('2027-03-27 18:00', '2027-03-28 02:30');
    expect(done.private[0]?.tone).toBe('warning');
    expect(done.private[0]?.text).toContain("L'heure 02:30 n'existe pas");
    expect(done.private[0]?.text).toContain('03:30');
    const capsule = await testDb.db.capsule.findFirstOrThrow();
    expect(capsule.sessionAt.toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it('reports a time the clocks show twice, and uses the first', async () => {
    const done = await schedule('2027-10-30 18:00', '31/10/2027 2h30');
    expect(done.private[0]?.text).toContain("L'heure 02:30 existe deux fois");
    const capsule = await testDb.db.capsule.findFirstOrThrow();
    expect(capsule.sessionAt.toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });
});
