// The digest a teacher previews is the digest parents get: the preview and /digest send at the same
// moment, on several weekdays and for every parent, give the same e-mail byte for byte (through a
// real SMTP server), and a capsule later this week is listed as this week's, not next week's.
import { describe, expect, it } from 'vitest';
import { toMemberInfo } from '../../src/services/classes.ts';
import { postgresAvailable, providers } from '../support/db.ts';
import { rosterParents, teacher, useDigestRoster } from './reports-fixture.ts';

const pgOk = await postgresAvailable();

/** Tuesday morning, Thursday after the session, Saturday: moments of the fixture's week (Paris). */
const moments = ['2026-11-24T09:00:00Z', '2026-11-26T12:00:00Z', '2026-11-28T15:00:00Z'];

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`preview and send, on ${provider.name}`, () => {
    const f = useDigestRoster(provider);

    it('match byte for byte for every parent on every weekday', async () => {
      const db = f.testDb.db;
      const klass = await db.class.findFirstOrThrow();
      const member = toMemberInfo(
        await db.member.findFirstOrThrow({ where: { classId: klass.id, role: 'teacher' } }),
      );
      const kit = f.reports.kit;
      for (const moment of moments) {
        f.h.clock.set(new Date(moment));
        const previews = new Map<string, { subject: string; text: string; html: string }>();
        for (const email of rosterParents)
          previews.set(email, await kit.digest.previewMail(klass.id, member, email));
        const before = f.smtp.messages.length;
        await f.h.as(teacher).command('digest send');
        await f.h.settle();
        const sent = f.smtp.messages.slice(before);
        expect(sent.map((m) => m.to[0]).sort()).toEqual(rosterParents);
        for (const mail of sent) {
          const preview = previews.get(mail.to[0] ?? '');
          expect(mail.subject).toBe(preview?.subject);
          expect(mail.text).toBe(preview?.text);
          // SMTP carries lines ending in CRLF: the bytes of each line are what is compared.
          expect(mail.html.replace(/\r\n/g, '\n')).toBe(preview?.html);
          // Thursday's capsule is this week's on every day of the week, never "next week".
          const [thisWeek = '', nextWeek = ''] = mail.text.split('La semaine prochaine');
          expect(thisWeek).toContain('Additionner des fractions');
          expect(thisWeek).not.toContain('Pas de capsule cette semaine');
          expect(nextWeek).not.toContain('Additionner des fractions');
        }
        // The preview card shows that very text, without code fences around it.
        const card = await f.h.as(teacher).command('digest preview', { email: rosterParents[0] });
        expect(card.private[0]?.text).toBe(previews.get(rosterParents[0] ?? '')?.text);
      }
    });

    it('says so when the parent unsubscribed', async () => {
      await f.testDb.db.guardian.updateMany({
        where: { email: rosterParents[1] },
        data: { unsubscribedAt: new Date('2026-11-24T08:00:00Z') },
      });
      const card = await f.h.as(teacher).command('digest preview', { email: rosterParents[1] });
      expect(card.private[0]?.footer).toContain('désabonné');
      const subscribed = await f.h.as(teacher).command('digest preview', { email: rosterParents[0] });
      expect(subscribed.private[0]?.footer).not.toContain('désabonné');
    });
  });
}
