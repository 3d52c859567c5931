// A digest e-mail at most once per parent and edition (issue 12), with the real SMTP mailer
// against a real SMTP server on 127.0.0.1, on each database: a refusal is retried and sent once;
// a send already accepted is not repeated; a process that died around the server's acceptance is
// not followed by a second copy; and a message whose end of data never left is discarded by the
// server, so sending it then is the only copy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp.ts';
import { mailOnce } from '../../src/reports/digest/mail-once.ts';
import { FakeSmtp } from '../fakes/smtp.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';

const pgOk = await postgresAvailable();
const messageId = 'digest.g1.2031-W10@school.test';
const letter = {
  to: 'parent@example.fr',
  subject: 'La semaine',
  text: 'Bonjour,',
  html: '<p>Bonjour,</p>',
  messageId,
};

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`digest mail once on ${provider.name}`, () => {
    let testDb: TestDb;
    let smtp: FakeSmtp;
    let mailer: Mailer;
    const clock = new ManualClock(new Date('2031-03-09T17:00:00Z'));

    beforeEach(async () => {
      testDb = await provider.open();
      smtp = await FakeSmtp.start();
      mailer = createSmtpMailer(smtp.url, 'inverso@school.test');
    });
    afterEach(async () => {
      await mailer.close();
      await smtp.close();
      await testDb.close();
    });

    const copies = () => smtp.messages.filter((m) => m.headers.get('message-id') === `<${messageId}>`).length;

    it('retries a refusal, then sends once and never again', async () => {
      const deps = { db: testDb.db, clock };
      smtp.refusing = true;
      await expect(mailOnce(deps, mailer, letter)).rejects.toThrow();
      expect(await testDb.db.postIntent.findUnique({ where: { key: `mail:${messageId}` } })).toMatchObject({
        postedAt: null,
        ref: null,
      });
      smtp.refusing = false;
      expect(await mailOnce(deps, mailer, letter)).toBe('sent');
      expect(await mailOnce(deps, mailer, letter)).toBe('already');
      expect(copies()).toBe(1);
    });

    it('does not send again after a process died around the server’s acceptance', async () => {
      const deps = { db: testDb.db, clock };
      expect(await mailOnce(deps, mailer, letter)).toBe('sent');
      // What a kill -9 between the server's yes and the last write leaves: accepted, no receipt.
      await testDb.db.postIntent.update({ where: { key: `mail:${messageId}` }, data: { ref: null } });
      expect(await mailOnce(deps, mailer, letter)).toBe('maybe');
      expect(copies()).toBe(1);
    });

    it('holds the end of the data until the mark is written: without it the server keeps nothing', async () => {
      // A process that cannot write its mark never sends the end of the data.
      await expect(
        mailer.send({
          ...letter,
          beforeCommit: async () => {
            throw new Error('killed before the mark');
          },
        }),
      ).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(copies()).toBe(0);
      // The intent row of that attempt, without its mark: the next run sends the only copy.
      await testDb.db.postIntent.create({
        data: { key: `mail:${messageId}`, platform: 'email', createdAt: clock.now() },
      });
      expect(await mailOnce({ db: testDb.db, clock }, mailer, letter)).toBe('sent');
      expect(copies()).toBe(1);
      const row = await testDb.db.postIntent.findUniqueOrThrow({ where: { key: `mail:${messageId}` } });
      expect(row.postedAt).not.toBeNull();
      expect(row.ref).toContain(messageId);
    });
  });
}
