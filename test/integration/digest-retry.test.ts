// Delivery under trouble: the SMTP server refuses mail for a while (nothing lost, nothing sent
// twice, retried by the scheduler with back-off on the ManualClock); a send repeated after a crash
// finds it was done; an outage that never ends fails the job and tells the teachers.
import { describe, expect, it } from 'vitest';
import { toJobRecord } from '../../src/scheduler/job-record.ts';
import { postgresAvailable, providers } from '../support/db.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { rosterParents, teacher, useDigestRoster } from './reports-fixture.ts';

const DIGEST_AT = new Date('2026-11-29T17:00:00Z');
const parents = rosterParents;

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(
    `digest delivery when SMTP fails, on ${provider.name}`,
    () => {
      const f = useDigestRoster(provider);

      const sends = () =>
        f.testDb.db.job.findMany({ where: { kind: 'digest.send' }, orderBy: { idempotencyKey: 'asc' } });

      it('loses nothing and duplicates nothing while the server refuses mail for a while', async () => {
        f.smtp.refusing = true;
        f.h.clock.set(DIGEST_AT);
        await f.h.settle();
        expect(f.smtp.messages).toHaveLength(0);
        expect(f.smtp.refused).toBeGreaterThanOrEqual(3);
        let jobs = await sends();
        expect(jobs).toHaveLength(3);
        expect(jobs.every((j) => j.state === 'pending' && j.attempts === 1 && j.dueAt > DIGEST_AT)).toBe(
          true,
        );

        // Still refusing at the first retry (30 s back-off, plus jitter).
        f.h.clock.advance(2 * 60_000);
        await f.h.settle();
        jobs = await sends();
        expect(jobs.every((j) => j.state === 'pending' && j.attempts === 2)).toBe(true);

        f.smtp.refusing = false;
        for (let i = 0; i < 3; i++) {
          f.h.clock.advance(5 * 60_000);
          await f.h.settle();
        }
        expect(f.smtp.messages.map((m) => m.to[0]).sort()).toEqual(parents);
        jobs = await sends();
        expect(jobs.map((j) => [j.state, j.attempts])).toEqual([
          ['done', 3],
          ['done', 3],
          ['done', 3],
        ]);

        // A worker that crashed after sending but before recording "done" runs the job again: the
        // "sent" record it finds stops a second e-mail.
        const kit = f.reports.kit;
        const again = await kit.delivery.run(toJobRecord(jobs[0]!));
        expect(again).toEqual({ status: 'skipped', reason: 'already sent' });
        // The weekly plan and "send now" find this week's jobs and add none.
        await kit.plans.enqueueSends(jobs[0]!.classId!, '2026-W48', DIGEST_AT);
        await f.h.settle();
        expect(f.smtp.messages).toHaveLength(3);
        expect(await sends()).toHaveLength(3);
        // What /metrics shows: three sent by e-mail, none failed despite the refused attempts.
        const text = await f.metrics.text();
        expect(sampleValue(text, 'inverso_digests_sent_total', { channel: 'email' })).toBe(3);
        expect(sampleValue(text, 'inverso_digests_sent_total', { channel: 'dm' })).toBe(0);
        expect(sampleValue(text, 'inverso_digests_failed_total')).toBe(0);
        // No failure was reported to the teacher.
        const dms = f.h.platform.direct.get(teacher.platformUserId) ?? [];
        expect(dms.some((c) => c.tone === 'error')).toBe(false);
      });

      it('fails for good after a long outage and tells the teacher, still without sending twice', async () => {
        f.smtp.refusing = true;
        f.h.clock.set(DIGEST_AT);
        await f.h.settle();
        for (let i = 0; i < 16; i++) {
          f.h.clock.advance(70 * 60_000);
          await f.h.settle();
        }
        const jobs = await sends();
        expect(jobs.map((j) => j.state)).toEqual(['failed', 'failed', 'failed']);
        expect(jobs[0]?.attempts).toBe(12);
        expect(f.smtp.messages).toHaveLength(0);
        const reports = (f.h.platform.direct.get(teacher.platformUserId) ?? []).filter(
          (c) => c.tone === 'error',
        );
        // Three parents failed at once: the teacher is told once, not once per parent.
        expect(reports).toHaveLength(1);
        // The teacher reads a reference, not the SMTP server's raw English.
        expect(reports[0]?.text).not.toContain('Service busy');
        expect(reports[0]?.text).toMatch(/référence \w{8}/);
        const text = await f.metrics.text();
        expect(sampleValue(text, 'inverso_digests_failed_total')).toBe(3);
        expect(sampleValue(text, 'inverso_digests_sent_total', { channel: 'email' })).toBe(0);
      });
    },
  );
}
