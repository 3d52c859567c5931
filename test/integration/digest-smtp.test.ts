// The SMTP adapter against a real server: a message to an internationalised domain is delivered
// once and reported as sent (nodemailer hands the domain over in punycode, so the receipt never
// names the address as it was written).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp.ts';
import { FakeSmtp } from '../fakes/smtp.ts';

describe('the SMTP mailer', () => {
  let smtp: FakeSmtp;
  let mailer: Mailer;

  beforeEach(async () => {
    smtp = await FakeSmtp.start();
    mailer = createSmtpMailer(smtp.url, 'inverso@school.test');
  });
  afterEach(async () => {
    await mailer.close();
    await smtp.close();
  });

  it('counts a message to an IDN address as sent', async () => {
    const receipt = await mailer.send({
      to: 'parent@élève.fr',
      subject: 'La semaine en classe',
      text: 'Bonjour,',
      html: '<p>Bonjour,</p>',
    });
    // The receipt names the punycoded address, which the old check took for a refusal.
    expect(receipt.accepted).toEqual(['parent@xn--lve-6lad.fr']);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.to).toEqual(['parent@élève.fr']);
  });

  it('fails when the server refuses the message', async () => {
    smtp.refusing = true;
    await expect(
      mailer.send({ to: 'parent@example.fr', subject: 'x', text: 'x', html: '<p>x</p>' }),
    ).rejects.toThrow();
    expect(smtp.messages).toHaveLength(0);
  });
});
