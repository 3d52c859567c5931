// A teacher's /digest send during the week: it goes out at once with the week so far, under its own
// keys, so the weekly digest still goes out on Sunday with the whole week; a second /digest send the
// same day sends nothing, nor one after the weekly digest.
import { describe, expect, it } from 'vitest';
import { postgresAvailable, providers } from '../support/db.ts';
import { rosterParents, teacher, useDigestRoster } from './reports-fixture.ts';

const DIGEST_AT = new Date('2026-11-29T17:00:00Z');
const parents = rosterParents;

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`/digest send, on ${provider.name}`, () => {
    const f = useDigestRoster(provider);

    it('leaves the weekly digest its slot, and never sends the same manual digest twice', async () => {
      f.h.clock.set(new Date('2026-11-26T12:00:00Z')); // Thursday
      const sent = await f.h.as(teacher).command('digest send');
      expect(sent.private[0]?.tone).toBe('success');
      await f.h.settle();
      expect(f.smtp.messages.map((m) => m.to[0]).sort()).toEqual(parents);

      // Again the same day (a double click, a second thought): nothing more.
      const again = await f.h.as(teacher).command('digest send');
      expect(again.private[0]?.text).toContain('3 parents ont déjà reçu');
      await f.h.settle();
      expect(f.smtp.messages).toHaveLength(3);

      // Sunday: the weekly digest, with the whole week, goes to every parent all the same.
      f.h.clock.set(DIGEST_AT);
      await f.h.settle();
      expect(f.smtp.messages).toHaveLength(6);
      for (const parent of parents) expect(f.smtp.to(parent)).toHaveLength(2);
      const ids = f.smtp.messages.map((m) => m.headers.get('message-id'));
      expect(new Set(ids).size).toBe(6);
      expect(ids.filter((id) => /\.2026-W48@localhost>$/.test(id ?? ''))).toHaveLength(3);
      expect(ids.filter((id) => /\.2026-W48\.manual-2026-11-26@localhost>$/.test(id ?? ''))).toHaveLength(3);
      const keys = (await f.testDb.db.job.findMany({ where: { kind: 'digest.send' } })).map(
        (j) => j.idempotencyKey,
      );
      expect(keys.filter((k) => k.endsWith(':2026-W48'))).toHaveLength(3);
      expect(keys.filter((k) => k.endsWith(':2026-W48:manual:2026-11-26'))).toHaveLength(3);

      // After the weekly digest, a /digest send the same week has nothing new to send.
      const late = await f.h.as(teacher).command('digest send');
      expect(late.private[0]?.text).toContain('3 parents ont déjà reçu');
      await f.h.settle();
      expect(f.smtp.messages).toHaveLength(6);
    });
  });
}
