// A teacher's /digest send during the week: it goes out at once with the week so far, under its own
// keys, so the weekly digest still goes out on Sunday with the whole week; a second /digest send the
// same day sends nothing, nor one after the weekly digest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp.ts';
import { ensureDigestPlans, reportsFeature } from '../../src/reports/index.ts';
import { FakeSmtp } from '../fakes/smtp.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness } from '../support/harness.ts';
import { cycleFixture, teacher } from './reports-fixture.ts';

const DIGEST_AT = new Date('2026-11-29T17:00:00Z');
const parents = ['a.parent@example.fr', 'b.parent@example.fr', 'c.parent@example.fr'];

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`/digest send, on ${provider.name}`, () => {
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

    it('leaves the weekly digest its slot, and never sends the same manual digest twice', async () => {
      h.clock.set(new Date('2026-11-26T12:00:00Z')); // Thursday
      const sent = await h.as(teacher).command('digest send');
      expect(sent.private[0]?.tone).toBe('success');
      await h.settle();
      expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(parents);

      // Again the same day (a double click, a second thought): nothing more.
      const again = await h.as(teacher).command('digest send');
      expect(again.private[0]?.text).toContain('3 parents ont déjà reçu');
      await h.settle();
      expect(smtp.messages).toHaveLength(3);

      // Sunday: the weekly digest, with the whole week, goes to every parent all the same.
      h.clock.set(DIGEST_AT);
      await h.settle();
      expect(smtp.messages).toHaveLength(6);
      for (const parent of parents) expect(smtp.to(parent)).toHaveLength(2);
      const ids = smtp.messages.map((m) => m.headers.get('message-id'));
      expect(new Set(ids).size).toBe(6);
      expect(ids.filter((id) => /\.2026-W48@localhost>$/.test(id ?? ''))).toHaveLength(3);
      expect(ids.filter((id) => /\.2026-W48\.manual-2026-11-26@localhost>$/.test(id ?? ''))).toHaveLength(3);
      const keys = (await testDb.db.job.findMany({ where: { kind: 'digest.send' } })).map(
        (j) => j.idempotencyKey,
      );
      expect(keys.filter((k) => k.endsWith(':2026-W48'))).toHaveLength(3);
      expect(keys.filter((k) => k.endsWith(':2026-W48:manual:2026-11-26'))).toHaveLength(3);

      // After the weekly digest, a /digest send the same week has nothing new to send.
      const late = await h.as(teacher).command('digest send');
      expect(late.private[0]?.text).toContain('3 parents ont déjà reçu');
      await h.settle();
      expect(smtp.messages).toHaveLength(6);
    });
  });
}
