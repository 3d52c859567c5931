// Reads a video's title, length and downloadable file from the site that hosts it, so a teacher
// need not type them. PeerTube: oEmbed for the title, then /api/v1/videos/{id} for the duration
// and files; Vimeo: oEmbed (title and duration); YouTube: oEmbed (title only). Every request has a
// short timeout: a slow or offline site only means scheduling goes on without the details.
import { mediaTypeOf, videoSourceOf } from '../domain/video-url.ts';

/** A file a podcast app can download. */
export interface MediaFile {
  url: string;
  type: string;
  /** Size in bytes; null when the site does not say. */
  bytes: number | null;
}

/** What was learnt about a video link. */
export type VideoLookup =
  /** The link is on no site the bot knows. */
  | { status: 'unknown' }
  /** The site did not answer in time, or answered something unusable. */
  | { status: 'failed' }
  | { status: 'found'; title: string | null; seconds: number | null; media: MediaFile | null };

/** Describes video links; passed to the capsule service (tests give one aimed at a local fake). */
export interface VideoMetadataFetcher {
  describe(url: string): Promise<VideoLookup>;
}

/** Where the oEmbed endpoints are and how long to wait for them. */
export interface VideoMetadataOptions {
  timeoutMs: number;
  vimeoOembedUrl: string;
  youtubeOembedUrl: string;
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch;
}

export function createVideoMetadataFetcher(options: VideoMetadataOptions): VideoMetadataFetcher {
  const doFetch = options.fetch ?? fetch;
  const getJson = async (url: string): Promise<Record<string, unknown>> => {
    const res = await doFetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'follow',
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body: unknown = await res.json();
    if (!body || typeof body !== 'object') throw new Error('not a JSON object');
    return body as Record<string, unknown>;
  };
  const oembed = (endpoint: string, url: string) =>
    getJson(`${endpoint}${endpoint.includes('?') ? '&' : '?'}url=${encodeURIComponent(url)}&format=json`);

  return {
    async describe(url) {
      const source = videoSourceOf(url);
      if (!source) return { status: 'unknown' };
      try {
        switch (source.kind) {
          case 'youtube': {
            const body = await oembed(options.youtubeOembedUrl, url);
            return found(text(body.title), null, null);
          }
          case 'vimeo': {
            const body = await oembed(options.vimeoOembedUrl, url);
            return found(text(body.title), seconds(body.duration), null);
          }
          case 'media':
            return found(null, null, await mediaFile(doFetch, url, source.type, options.timeoutMs));
          case 'peertube': {
            // oEmbed first (what every instance serves), then the API for what oEmbed lacks.
            const embed = await oembed(`${source.origin}/services/oembed`, url).catch(() => null);
            const video = await getJson(`${source.origin}/api/v1/videos/${encodeURIComponent(source.id)}`);
            return found(
              text(embed?.title) ?? text(video.name),
              seconds(video.duration),
              peertubeFile(video),
            );
          }
        }
      } catch {
        return { status: 'failed' };
      }
    },
  };
}

function found(title: string | null, secs: number | null, media: MediaFile | null): VideoLookup {
  if (title === null && secs === null && media === null) return { status: 'failed' };
  return { status: 'found', title, seconds: secs, media };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function seconds(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : null;
}

interface PeerTubeFile {
  fileDownloadUrl?: unknown;
  fileUrl?: unknown;
  size?: unknown;
  resolution?: { id?: unknown };
}

/**
 * The file to put in the podcast: the best resolution up to 720p (light enough for a phone on a
 * school bus), else the smallest. Web videos first, then the files of HLS playlists.
 */
export function peertubeFile(video: Record<string, unknown>): MediaFile | null {
  const playlists = Array.isArray(video.streamingPlaylists) ? video.streamingPlaylists : [];
  const all: PeerTubeFile[] = [
    ...(Array.isArray(video.files) ? video.files : []),
    ...playlists.flatMap((p: { files?: unknown }) => (Array.isArray(p?.files) ? p.files : [])),
  ].filter((f): f is PeerTubeFile => Boolean(f) && typeof f === 'object');
  const usable = all
    .map((f) => ({
      url: text(f.fileDownloadUrl) ?? text(f.fileUrl),
      height: typeof f.resolution?.id === 'number' ? f.resolution.id : 0,
      bytes: typeof f.size === 'number' && f.size > 0 ? f.size : null,
    }))
    .filter((f): f is { url: string; height: number; bytes: number | null } => f.url !== null)
    .filter((f) => f.height > 0); // resolution 0 is the audio-only file
  if (usable.length === 0) return null;
  const small = usable.filter((f) => f.height <= 720).sort((a, b) => b.height - a.height);
  const pick = small[0] ?? [...usable].sort((a, b) => a.height - b.height)[0];
  if (!pick) return null;
  return { url: pick.url, type: mediaTypeOf(pick.url) ?? 'video/mp4', bytes: pick.bytes };
}

/** A direct media link: its size from a HEAD request when the server says (podcast apps want it). */
async function mediaFile(doFetch: typeof fetch, url: string, type: string, timeoutMs: number) {
  let bytes: number | null = null;
  try {
    const res = await doFetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    const length = Number(res.headers.get('content-length'));
    if (res.ok && Number.isInteger(length) && length > 0) bytes = length;
  } catch {
    // The file is still worth listing; its size stays unknown.
  }
  return { url, type, bytes };
}
