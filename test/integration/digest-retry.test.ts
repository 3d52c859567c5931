// Delivery under trouble: the SMTP server refuses mail for a while (nothing lost, nothing sent
// twice, retried by the scheduler with back-off on the ManualClock); a send repeated after a crash
// finds it was done; an outage that never ends fails the job and tells the teachers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp.ts';
import { ensureDigestPlans, reportsFeature } from '../../src/reports/index.ts';
import { kitOf } from '../../src/reports/kit.ts';
import { toJobRecord } from '../../src/scheduler/job-record.ts';
import { FakeSmtp } from '../fakes/smtp.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness } from '../support/harness.ts';
import { cycleFixture, teacher } from './reports-fixture.ts';

const DIGEST_AT = new Date('2026-11-29T17:00:00Z');
const parents = ['a.parent@example.fr', 'b.parent@example.fr', 'c.parent@example.fr'];

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(
    `digest delivery when SMTP fails, on ${provider.name}`,
    () => {
      let testDb: TestDb;
      let h: Harness;
      let smtp: FakeSmtp;
      let mailer: Mailer;

      beforeEach(async () => {
        smtp = await FakeSmtp.start();
        mailer = createSmtpMailer(smtp.url, 'inverso@school.test');
        testDb = await provider.open();
        h = harness(testDb, undefined, [reportsFeature({ mailer })]);
        await cycleFixture(h);
        const roster = ['Léa', 'Hugo', 'Inès'].map((name, i) => `${name},${parents[i]},fr`).join('\n');
        await h.as(teacher).command('guardian import', { csv: roster });
        await ensureDigestPlans(h.services);
      });
      afterEach(async () => {
        await mailer.close();
        await smtp.close();
        await testDb.close();
      });

      const sends = () =>
        testDb.db.job.findMany({ where: { kind: 'digest.send' }, orderBy: { idempotencyKey: 'asc' } });

      it('loses nothing and duplicates nothing while the server refuses mail for a while', async () => {
        smtp.refusing = true;
        h.clock.set(DIGEST_AT);
        await h.settle();
        expect(smtp.messages).toHaveLength(0);
        expect(smtp.refused).toBeGreaterThanOrEqual(3);
        let jobs = await sends();
        expect(jobs).toHaveLength(3);
        expect(jobs.every((j) => j.state === 'pending' && j.attempts === 1 && j.dueAt > DIGEST_AT)).toBe(
          true,
        );

        // Still refusing at the first retry (30 s back-off, plus jitter).
        h.clock.advance(2 * 60_000);
        await h.settle();
        jobs = await sends();
        expect(jobs.every((j) => j.state === 'pending' && j.attempts === 2)).toBe(true);

        smtp.refusing = false;
        for (let i = 0; i < 3; i++) {
          h.clock.advance(5 * 60_000);
          await h.settle();
        }
        expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(parents);
        jobs = await sends();
        expect(jobs.map((j) => [j.state, j.attempts])).toEqual([
          ['done', 3],
          ['done', 3],
          ['done', 3],
        ]);

        // A worker that crashed after sending but before recording "done" runs the job again: the
        // "sent" record it finds stops a second e-mail.
        const kit = kitOf(h.services);
        const again = await kit.delivery.run(toJobRecord(jobs[0]!));
        expect(again).toEqual({ status: 'skipped', reason: 'already sent' });
        // The weekly plan and "send now" find this week's jobs and add none.
        await kit.plans.enqueueSends(jobs[0]!.classId!, '2026-W48', DIGEST_AT);
        await h.settle();
        expect(smtp.messages).toHaveLength(3);
        expect(await sends()).toHaveLength(3);
        // No failure was reported to the teacher.
        const dms = h.platform.direct.get(teacher.platformUserId) ?? [];
        expect(dms.some((c) => c.tone === 'error')).toBe(false);
      });

      it('fails for good after a long outage and tells the teacher, still without sending twice', async () => {
        smtp.refusing = true;
        h.clock.set(DIGEST_AT);
        await h.settle();
        for (let i = 0; i < 16; i++) {
          h.clock.advance(70 * 60_000);
          await h.settle();
        }
        const jobs = await sends();
        expect(jobs.map((j) => j.state)).toEqual(['failed', 'failed', 'failed']);
        expect(jobs[0]?.attempts).toBe(12);
        expect(smtp.messages).toHaveLength(0);
        const reports = (h.platform.direct.get(teacher.platformUserId) ?? []).filter(
          (c) => c.tone === 'error',
        );
        // Three parents failed at once: the teacher is told once, not once per parent.
        expect(reports).toHaveLength(1);
        // The teacher reads a reference, not the SMTP server's raw English.
        expect(reports[0]?.text).not.toContain('Service busy');
        expect(reports[0]?.text).toMatch(/référence \w{8}/);
      });
    },
  );
}
