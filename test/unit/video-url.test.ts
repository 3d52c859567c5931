// Which links the bot can describe, read from the link alone, and which PeerTube file goes in the podcast.
import { describe, expect, it } from 'vitest';
import { mediaTypeOf, videoSourceOf } from '../../src/domain/video-url.ts';
import { peertubeFile } from '../../src/services/video-metadata.ts';

describe('video links', () => {
  it('recognises PeerTube on any instance by its paths', () => {
    expect(videoSourceOf('https://tube-sciences.apps.education.fr/w/8kKXW5tPoM1SLMTzWfqrs5')).toEqual({
      kind: 'peertube',
      origin: 'https://tube-sciences.apps.education.fr',
      id: '8kKXW5tPoM1SLMTzWfqrs5',
    });
    expect(
      videoSourceOf('https://peertube.example/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d'),
    ).toMatchObject({ kind: 'peertube', id: '9c9de5e8-0a1e-484a-b099-e80766180a6d' });
    expect(videoSourceOf('https://example.org/w/')).toBeNull();
  });

  it('recognises YouTube, Vimeo and media files, and nothing else', () => {
    expect(videoSourceOf('https://youtu.be/dQw4w9WgXcQ')).toEqual({ kind: 'youtube' });
    expect(videoSourceOf('https://m.youtube.com/watch?v=dQw4w9WgXcQ')).toEqual({ kind: 'youtube' });
    expect(videoSourceOf('https://vimeo.com/76979871')).toEqual({ kind: 'vimeo' });
    expect(videoSourceOf('https://cdn.example/cours.MP3')).toEqual({ kind: 'media', type: 'audio/mpeg' });
    expect(videoSourceOf('https://example.org/cours')).toBeNull();
    expect(videoSourceOf('javascript:alert(1)')).toBeNull();
    expect(mediaTypeOf('https://cdn.example/a.webm?x=1')).toBe('video/webm');
    expect(mediaTypeOf('https://cdn.example/a.html')).toBeNull();
  });

  it('takes the best PeerTube file up to 720p, never the audio-only one', () => {
    const file = (height: number, size: number) => ({
      resolution: { id: height },
      size,
      fileDownloadUrl: `https://t.example/download/${height}.mp4`,
    });
    expect(peertubeFile({ files: [file(0, 1), file(1080, 9), file(480, 3), file(720, 5)] })).toEqual({
      url: 'https://t.example/download/720.mp4',
      type: 'video/mp4',
      bytes: 5,
    });
    expect(peertubeFile({ files: [file(1440, 9), file(1080, 7)] })?.url).toContain('1080');
    expect(peertubeFile({ files: [file(0, 1)] })).toBeNull();
    expect(peertubeFile({ streamingPlaylists: [{ files: [file(360, 2)] }] })?.bytes).toBe(2);
  });
});
