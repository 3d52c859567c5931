// The class's secret calendar and podcast (issue 14 §4), served by the bot's HTTP server and read
// back with an iCalendar parser (ical.js) and as XML: sessions and publications as events with
// stable UIDs, SEQUENCE bumped on edit, CANCELLED on cancel; published capsules with a file as
// podcast episodes; a regenerated or revoked link finds nothing. On SQLite and PostgreSQL.
import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/index.ts';
import { mountFeeds } from '../../src/reports/feeds.ts';
import { createVideoMetadataFetcher } from '../../src/services/video-metadata.ts';
import { type FakeVideoSites, startFakeVideoSites } from '../fakes/video.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const longTitle = 'Fractions, décimaux; et pourcentages — révision complète avant le contrôle commun';

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`calendar and podcast on ${provider.name}`, () => {
    let sites: FakeVideoSites;
    let testDb: TestDb;
    let h: Harness;
    let http: HttpServer;
    let base: string;

    beforeAll(async () => {
      sites = await startFakeVideoSites();
      sites.peertube.set('8kKXW5tPoM1SLMTzWfqrs5', {
        id: '8kKXW5tPoM1SLMTzWfqrs5',
        name: 'Pythagore',
        duration: 300,
        files: [[720, 40_000_000]],
      });
    });
    afterAll(async () => sites.close());

    beforeEach(async () => {
      testDb = await provider.open();
      const videoMetadata = createVideoMetadataFetcher({
        timeoutMs: 2000,
        vimeoOembedUrl: sites.vimeoOembedUrl,
        youtubeOembedUrl: sites.youtubeOembedUrl,
      });
      h = harness(testDb, new Date('2026-12-01T08:00:00Z'), [], undefined, { videoMetadata });
      http = createHttpServer({ logger: silentLogger });
      mountFeeds(http, h.services);
      base = `http://127.0.0.1:${(await http.listen(0)).port}`;
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      await h.as(lea).command('help');
      const at = { publish: 'lundi 8h', session: 'mardi 10h' };
      await h
        .as(teacher)
        .command('capsule schedule', { title: longTitle, url: 'https://example.org/cours', ...at });
      await h
        .as(teacher)
        .command('capsule schedule', { url: `${sites.origin}/w/8kKXW5tPoM1SLMTzWfqrs5`, ...at });
      await h
        .as(teacher)
        .command('capsule schedule', { title: 'Audio', url: `${sites.origin}/media/cours.mp3`, ...at });
    });
    afterEach(async () => {
      await http.close();
      await testDb.close();
    });

    /** The links a teacher gets with /calendar, read from their private reply. */
    const links = async (sub = 'show') => {
      const reply = (await h.as(teacher).command(`calendar ${sub}`)).private[0];
      const urls = reply?.controls?.flat().flatMap((c) => (c.kind === 'link' ? [c.url] : [])) ?? [];
      const local = urls.map((u) => u.replace('http://localhost:3000', base));
      return { reply, calendar: local[0] ?? '', podcast: local[1] ?? '' };
    };
    const events = async (url: string) => {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const text = await res.text();
      for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const calendar = new ICAL.Component(ICAL.parse(text));
      return { text, calendar, list: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
    };

    it('serves the sessions and publications as events, updated on edit and cancelled on cancel', async () => {
      const { reply, calendar: url } = await links();
      expect(reply?.text).toContain('/calendar/');
      const first = await events(url);
      expect(first.calendar.getFirstPropertyValue('x-wr-calname')).toBe('4e B — classe inversée');
      expect(first.list).toHaveLength(6);
      const capsule = await testDb.db.capsule.findFirstOrThrow({ where: { number: 1 } });
      const session = first.list.find((e) => e.uid.startsWith(`capsule-${capsule.id}-session@`));
      expect(session?.summary).toBe(`Séance en classe : ${longTitle} (capsule n°1)`);
      expect(session?.startDate.toJSDate().toISOString()).toBe('2026-12-08T09:00:00.000Z');
      expect(session?.startDate.zone?.tzid).toBe('UTC');
      expect(session?.sequence).toBe(0);
      expect(session?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
      const publish = first.list.find((e) => e.uid === `capsule-${capsule.id}-publish@localhost`);
      expect(publish?.startDate.toJSDate().toISOString()).toBe('2026-12-07T07:00:00.000Z');
      expect(publish?.description).toContain('https://example.org/cours');

      await h.as(teacher).command('capsule edit', { capsule: '1', session: 'mercredi 14h' });
      await h.as(teacher).command('capsule cancel', { capsule: '2' });
      const second = await events(url);
      const moved = second.list.find((e) => e.uid === session?.uid);
      expect(moved?.sequence).toBe(1);
      expect(moved?.startDate.toJSDate().toISOString()).toBe('2026-12-09T13:00:00.000Z');
      const cancelled = await testDb.db.capsule.findFirstOrThrow({ where: { number: 2 } });
      const gone = second.list.filter((e) => e.uid.startsWith(`capsule-${cancelled.id}-`));
      expect(gone.map((e) => e.component.getFirstPropertyValue('status'))).toEqual([
        'CANCELLED',
        'CANCELLED',
      ]);
      expect(gone.map((e) => e.sequence)).toEqual([1, 1]);
    });

    it('lists published capsules with a file as podcast episodes with enclosures', async () => {
      const { podcast } = await links();
      const empty = await (await fetch(podcast)).text();
      expect(empty).not.toContain('<item>'); // nothing published yet
      for (const n of ['1', '2', '3']) await h.as(teacher).command('capsule post', { capsule: n });
      const res = await fetch(podcast);
      expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      const xml = await res.text();
      expect(xml).toContain('<rss version="2.0">');
      const enclosures = [...xml.matchAll(/<enclosure url="([^"]+)" length="(\d+)" type="([^"]+)"\/>/g)].map(
        (m) => [m[1], m[2], m[3]],
      );
      expect(enclosures).toEqual(
        expect.arrayContaining([
          [`${sites.origin}/download/videos/8kKXW5tPoM1SLMTzWfqrs5-720.mp4`, '40000000', 'video/mp4'],
          [`${sites.origin}/media/cours.mp3`, '123456', 'audio/mpeg'],
        ]),
      );
      expect(enclosures).toHaveLength(2); // the plain web page has no file
      expect(xml).toContain('<title>Capsule n°2 — Pythagore</title>');
    });

    it('stops the old links when regenerated and every link when revoked, for teachers only', async () => {
      const old = await links();
      const fresh = await links('regenerate');
      expect(fresh.calendar).not.toBe(old.calendar);
      expect((await fetch(old.calendar)).status).toBe(404);
      expect((await fetch(old.podcast)).status).toBe(404);
      expect((await fetch(fresh.calendar)).status).toBe(200);
      const refused = await h.as(lea).command('calendar show');
      expect(refused.private[0]?.tone).toBe('error');
      await h.as(teacher).command('calendar revoke');
      expect((await fetch(fresh.calendar)).status).toBe(404);
      expect((await fetch(fresh.podcast)).status).toBe(404);
      expect((await testDb.db.class.findFirstOrThrow()).calendarToken).toBeNull();
      expect((await fetch(`${base}/calendar/x.ics`)).status).toBe(404);
    });
  });
}
