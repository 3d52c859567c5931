// A local fake of the video sites' metadata endpoints: a PeerTube instance (oEmbed and
// /api/v1/videos/{id}), Vimeo's and YouTube's oEmbed, and a plain media file. It answers on
// 127.0.0.1 like the real sites (same paths and JSON fields), records what was asked, and can be
// made slow (past the bot's timeout) or broken.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A PeerTube video the fake instance serves. */
export interface FakePeerTubeVideo {
  id: string;
  name: string;
  duration: number;
  /** Web video files: [height, size in bytes]. */
  files?: [number, number][];
  /** Files of an HLS playlist only (a video transcoded for streaming). */
  hlsFiles?: [number, number][];
}

/** The running fake. */
export interface FakeVideoSites {
  /** http://127.0.0.1:PORT */
  origin: string;
  vimeoOembedUrl: string;
  youtubeOembedUrl: string;
  /** Paths asked, in order. */
  requests: string[];
  peertube: Map<string, FakePeerTubeVideo>;
  vimeo: Map<string, { title: string; duration: number }>;
  youtube: Map<string, { title: string }>;
  /** Answers wait this long (ms) before being sent. */
  delayMs: number;
  /** Every answer is a 500. */
  broken: boolean;
  close(): Promise<void>;
}

export async function startFakeVideoSites(): Promise<FakeVideoSites> {
  const state = {
    requests: [] as string[],
    peertube: new Map<string, FakePeerTubeVideo>(),
    vimeo: new Map<string, { title: string; duration: number }>(),
    youtube: new Map<string, { title: string }>(),
    delayMs: 0,
    broken: false,
  };
  let origin = '';
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const peertubeJson = (video: FakePeerTubeVideo) => {
    const file = ([height, size]: [number, number], hls: boolean) => ({
      resolution: { id: height, label: `${height}p` },
      size,
      fileUrl: `${origin}/static/${hls ? 'streaming-playlists/hls' : 'web-videos'}/${video.id}-${height}.mp4`,
      fileDownloadUrl: `${origin}/download/${hls ? 'streaming-playlists/hls/' : ''}videos/${video.id}-${height}.mp4`,
    });
    return {
      uuid: video.id,
      shortUUID: video.id,
      name: video.name,
      duration: video.duration,
      files: (video.files ?? []).map((f) => file(f, false)),
      streamingPlaylists: video.hlsFiles
        ? [{ id: 1, type: 1, files: video.hlsFiles.map((f) => file(f, true)) }]
        : [],
    };
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (state.broken) return json(res, 500, { error: 'broken' });
    const target = url.searchParams.get('url') ?? '';
    const idOf = (pattern: RegExp) => pattern.exec(target)?.[1] ?? '';
    if (url.pathname === '/services/oembed') {
      const video = state.peertube.get(idOf(/\/(?:w|videos\/watch)\/([^/?#]+)/));
      return video
        ? json(res, 200, { type: 'video', version: '1.0', title: video.name })
        : json(res, 404, {});
    }
    const api = /^\/api\/v1\/videos\/([^/]+)$/.exec(url.pathname);
    if (api) {
      const video = state.peertube.get(decodeURIComponent(api[1] ?? ''));
      return video ? json(res, 200, peertubeJson(video)) : json(res, 404, { status: 404 });
    }
    if (url.pathname === '/vimeo/api/oembed.json') {
      const video = state.vimeo.get(idOf(/vimeo\.com\/(\d+)/));
      return video ? json(res, 200, { type: 'video', ...video }) : json(res, 404, {});
    }
    if (url.pathname === '/youtube/oembed') {
      const video = state.youtube.get(idOf(/[?&]v=([\w-]+)/) || idOf(/youtu\.be\/([\w-]+)/));
      return video ? json(res, 200, { type: 'video', ...video }) : json(res, 404, {});
    }
    if (url.pathname.startsWith('/media/')) {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '123456' });
      return res.end();
    }
    return json(res, 404, {});
  };
  const server = createServer((req, res) => {
    if (state.delayMs > 0) setTimeout(() => handle(req, res), state.delayMs);
    else handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    origin,
    vimeoOembedUrl: `${origin}/vimeo/api/oembed.json`,
    youtubeOembedUrl: `${origin}/youtube/oembed`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
