// Capsules that describe themselves (issue 14 §3), through /capsule schedule against a local fake
// of PeerTube, Vimeo and YouTube: the title and minutes a teacher leaves out are read from the
// video site, so the length warning works without typing minutes; a slow or broken site only means
// scheduling goes on without them, and the teacher is told. On SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVideoMetadataFetcher } from '../../src/services/video-metadata.ts';
import { type FakeVideoSites, startFakeVideoSites } from '../fakes/video.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`video metadata on ${provider.name}`, () => {
    let sites: FakeVideoSites;
    let testDb: TestDb;
    let h: Harness;

    beforeAll(async () => {
      sites = await startFakeVideoSites();
      sites.peertube.set('8kKXW5tPoM1SLMTzWfqrs5', {
        id: '8kKXW5tPoM1SLMTzWfqrs5',
        name: 'Les fractions  en 10 minutes',
        duration: 605,
        files: [
          [1080, 90_000_000],
          [720, 40_000_000],
          [360, 12_000_000],
        ],
      });
      sites.peertube.set('9c9de5e8-0a1e-484a-b099-e80766180a6d', {
        id: '9c9de5e8-0a1e-484a-b099-e80766180a6d',
        name: 'Le théorème de Pythagore',
        duration: 240,
        hlsFiles: [[480, 8_000_000]],
      });
      sites.vimeo.set('76979871', { title: 'La photosynthèse', duration: 420 });
      sites.youtube.set('dQw4w9WgXcQ', { title: 'Les volcans' });
    });
    afterAll(async () => sites.close());

    beforeEach(async () => {
      sites.delayMs = 0;
      sites.broken = false;
      testDb = await provider.open();
      const videoMetadata = createVideoMetadataFetcher({
        timeoutMs: 300,
        vimeoOembedUrl: sites.vimeoOembedUrl,
        youtubeOembedUrl: sites.youtubeOembedUrl,
      });
      h = harness(testDb, new Date('2026-12-01T08:00:00Z'), [], undefined, { videoMetadata });
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
    });
    afterEach(async () => testDb.close());

    const schedule = (args: Record<string, unknown>) =>
      h.as(teacher).command('capsule schedule', { publish: 'lundi 8h', session: 'mardi 10h', ...args });

    it('fills the title and minutes of a PeerTube video from any instance, and warns it is long', async () => {
      const done = await schedule({ url: `${sites.origin}/w/8kKXW5tPoM1SLMTzWfqrs5` });
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      expect(capsule.title).toBe('Les fractions en 10 minutes');
      expect(capsule.expectedMinutes).toBe(11); // 10 min 5 s, rounded up
      // The 720p file is the one for the podcast: light enough, not the 1080p.
      expect(capsule.mediaUrl).toBe(`${sites.origin}/download/videos/8kKXW5tPoM1SLMTzWfqrs5-720.mp4`);
      expect(capsule.mediaType).toBe('video/mp4');
      expect(capsule.mediaBytes).toBe(40_000_000);
      const reply = done.private[0];
      expect(reply?.tone).toBe('warning');
      expect(reply?.text).toContain('Titre lu sur le site de la vidéo : « Les fractions en 10 minutes »');
      expect(reply?.text).toContain('Durée lue sur le site de la vidéo : 11 min');
      expect(reply?.text).toContain("11 minutes, c'est long pour ce niveau");
      expect(sites.requests).toContain(
        `GET /services/oembed?url=${encodeURIComponent(`${sites.origin}/w/8kKXW5tPoM1SLMTzWfqrs5`)}&format=json`,
      );
      expect(sites.requests).toContain('GET /api/v1/videos/8kKXW5tPoM1SLMTzWfqrs5');
    });

    it('keeps what the teacher typed and takes an HLS file when there is no web video', async () => {
      const done = await schedule({
        title: 'Pythagore',
        minutes: 5,
        url: `${sites.origin}/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d`,
      });
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      expect(capsule.title).toBe('Pythagore');
      expect(capsule.expectedMinutes).toBe(5);
      expect(capsule.mediaUrl).toContain('/download/streaming-playlists/hls/videos/');
      expect(done.private[0]?.text).not.toContain('lu sur le site');
    });

    it('reads the length from Vimeo and the title only from YouTube', async () => {
      await schedule({ url: 'https://vimeo.com/76979871' });
      const vimeo = await testDb.db.capsule.findFirstOrThrow({ where: { number: 1 } });
      expect([vimeo.title, vimeo.expectedMinutes, vimeo.mediaUrl]).toEqual(['La photosynthèse', 7, null]);
      const done = await schedule({ url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
      const youtube = await testDb.db.capsule.findFirstOrThrow({ where: { number: 2 } });
      expect([youtube.title, youtube.expectedMinutes]).toEqual(['Les volcans', null]);
      expect(done.private[0]?.tone).toBe('success');
    });

    it('schedules anyway when the site is too slow, names the capsule by its number and says so', async () => {
      sites.delayMs = 1000; // past the 300 ms timeout
      const done = await schedule({ url: `${sites.origin}/w/8kKXW5tPoM1SLMTzWfqrs5` });
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      expect([capsule.title, capsule.expectedMinutes, capsule.mediaUrl]).toEqual(['Capsule n°1', null, null]);
      expect(done.private[0]?.tone).toBe('warning');
      expect(done.private[0]?.text).toContain("Le site de la vidéo n'a pas répondu à temps");
      expect(await h.services.queue.pending({ capsuleId: capsule.id })).not.toHaveLength(0);
    });

    it('schedules with the typed title when the site is broken, and says what is missing', async () => {
      sites.broken = true;
      const done = await schedule({ title: 'Volcans', url: 'https://youtu.be/dQw4w9WgXcQ' });
      expect((await testDb.db.capsule.findFirstOrThrow()).title).toBe('Volcans');
      expect(done.private[0]?.text).toContain('/capsule edit capsule:1');
    });

    it('asks for a title when the link is no known video site, and saves nothing', async () => {
      const done = await schedule({ url: 'https://example.org/cours' });
      expect(done.private[0]?.tone).toBe('error');
      expect(done.private[0]?.text).toContain("La capsule a besoin d'un titre.");
      expect(await testDb.db.capsule.count()).toBe(0);
    });

    it('reads the new video when the link changes, and bumps the revision', async () => {
      await schedule({ title: 'Fractions', minutes: 4, url: 'https://example.org/cours' });
      await h.as(teacher).command('capsule edit', {
        capsule: '1',
        url: `${sites.origin}/w/8kKXW5tPoM1SLMTzWfqrs5`,
      });
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      expect([capsule.title, capsule.expectedMinutes, capsule.revision]).toEqual(['Fractions', 11, 1]);
      expect(capsule.mediaBytes).toBe(40_000_000);
    });
  });
}
