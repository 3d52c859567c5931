// Which video site a capsule link points to, read from the link alone. PeerTube runs on thousands
// of instances (the national education tubes among them), so it is recognised by its paths, not
// by its host; a wrong guess only costs one failed look-up.

/** A video link the bot knows how to describe. */
export type VideoSource =
  | { kind: 'peertube'; origin: string; id: string }
  | { kind: 'vimeo' }
  | { kind: 'youtube' }
  | { kind: 'media'; type: string };

/** MIME types of the files a podcast app plays, by extension. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
};

/** The MIME type of a media file link (by its extension), or null when it is not one. */
export function mediaTypeOf(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const ext = /\.([a-z0-9]{2,4})$/i.exec(path)?.[1]?.toLowerCase();
  return ext ? (MEDIA_TYPES[ext] ?? null) : null;
}

// PeerTube ids: a UUID, or the short base58 id of /w/ links.
const PEERTUBE_PATHS = [
  /^\/w\/([0-9A-Za-z-]{8,40})\/?$/,
  /^\/videos\/(?:watch|embed)\/([0-9A-Za-z-]{8,40})\/?$/,
];

/** The site of a video link, or null when the bot cannot describe it. */
export function videoSourceOf(raw: string): VideoSource | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (host === 'youtube.com' || host === 'm.youtube.com' || host === 'youtu.be') return { kind: 'youtube' };
  if (host === 'vimeo.com' || host === 'player.vimeo.com') return { kind: 'vimeo' };
  const media = mediaTypeOf(raw);
  if (media) return { kind: 'media', type: media };
  for (const pattern of PEERTUBE_PATHS) {
    const id = pattern.exec(url.pathname)?.[1];
    if (id) return { kind: 'peertube', origin: url.origin, id };
  }
  return null;
}
