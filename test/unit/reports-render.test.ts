// The digest's rendering: what people typed (names, titles, notes) is escaped in HTML, and both
// bodies say the same things in the parent's language.
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { DigestData } from '../../src/reports/digest/collect.ts';
import { digestCard, renderDigest } from '../../src/reports/digest/render.ts';

const i18n = createI18n('fr');
const data: DigestData = {
  guardian: {
    id: 'g1',
    email: 'p@example.com',
    language: 'en',
    platform: null,
    platformUserId: null,
    unsubscribedAt: null,
  },
  until: new Date('2026-11-29T17:00:00Z'),
  hidden: 0,
  classes: [
    {
      id: 'c1',
      name: 'Class <A>',
      timeZone: 'Europe/Paris',
      note: 'Bring a <b>calculator</b> & a pen',
      week: [
        {
          id: 'k1',
          number: 3,
          title: 'Ratios "fun"',
          url: 'https://v.example/?a=1&b=2',
          sessionAt: new Date('2026-11-26T09:00:00Z'),
          questions: 2,
          graded: 2,
        },
      ],
      next: [],
      children: [
        {
          id: 'm1',
          name: '<script>alert(1)</script>',
          results: [{ capsuleId: 'k1', watched: true, answered: 1, right: 1, score: 0.5 }],
        },
      ],
    },
  ],
};
const ctx = {
  t: i18n.t('en'),
  formatDate: (d: Date, zone: string) => i18n.formatDate(d, 'en', zone),
  formatDay: () => 'Sunday, November 29',
  unsubscribeUrl: 'https://bot.example/unsubscribe?g=g1&s=abc',
  privacyUrl: 'https://bot.example/privacy/parents?lang=fr',
};

describe('digest rendering', () => {
  const mail = renderDigest(data, ctx);

  it('escapes everything typed by people in the HTML', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Class &lt;A&gt;');
    expect(mail.html).toContain('Bring a &lt;b&gt;calculator&lt;/b&gt; &amp; a pen');
    expect(mail.html).toContain('href="https://v.example/?a=1&amp;b=2"');
    expect(mail.html).toContain('href="https://bot.example/unsubscribe?g=g1&amp;s=abc"');
  });

  it('says the same in plain text, in the parent language', () => {
    expect(mail.subject).toBe('This week in class: <script>alert(1)</script> (Sunday, November 29)');
    expect(mail.text).toContain('<script>alert(1)</script>: ✓ watched · quiz answered (1/2) · score 50 %');
    expect(mail.text).toContain('A note from the teacher:\nBring a <b>calculator</b> & a pen');
    expect(mail.text).toContain('Coming next week:\n  Nothing scheduled yet.');
    expect(mail.text).toContain('To stop receiving it: https://bot.example/unsubscribe?g=g1&s=abc');
    // Every digest links the parents' privacy notice.
    expect(mail.text).toContain(
      "Your child's data and your rights: https://bot.example/privacy/parents?lang=fr",
    );
    expect(mail.html).toContain('href="https://bot.example/privacy/parents?lang=fr"');
  });

  it('makes a chat card with the unsubscribe link', () => {
    const card = digestCard(data, ctx);
    expect(card.controls?.[0]?.[0]).toEqual({ kind: 'link', url: ctx.unsubscribeUrl, label: 'Unsubscribe' });
    expect(card.controls?.[0]?.[1]).toEqual({
      kind: 'link',
      url: ctx.privacyUrl,
      label: "Your child's data and your rights",
    });
    expect(card.text).toContain('[#3 Ratios "fun"](https://v.example/?a=1&b=2)');
  });
});
