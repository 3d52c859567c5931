// A moment of a video ("@2:13") and the link that opens the video there. The sites are told apart
// by video-url.ts; each has its own way of saying where to start. Other links are kept as they
// are: a page without a timestamp is still the right page.
import { videoSourceOf } from './video-url.ts';

/** The longest moment accepted: ten hours is already no capsule. */
export const MOMENT_MAX_SECONDS = 10 * 3600 - 1;

/** Seconds from `m:ss` or `h:mm:ss` (no `@`), or null when it is not a moment. */
export function parseMoment(text: string): number | null {
  const match = /^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [, h, m, s] = match;
  const hours = h === undefined ? 0 : Number(h);
  const minutes = Number(m);
  const seconds = Number(s);
  if (seconds > 59) return null;
  // With hours, minutes are a clock's (two digits, under 60); alone they may run past 59 ("75:00").
  if (h !== undefined && (minutes > 59 || m!.length !== 2)) return null;
  const total = hours * 3600 + minutes * 60 + seconds;
  return total <= MOMENT_MAX_SECONDS ? total : null;
}

/** `2:13`, `1:02:03`: how a moment is written back and shown. */
export function formatMoment(total: number): string {
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `2m13s`, `1h2m3s`: PeerTube's `start` parameter. */
function peertubeStart(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/**
 * The link that opens `url` at `seconds`: PeerTube `?start=2m13s`, YouTube `&t=133s` (youtu.be
 * `?t=133`), Vimeo `#t=133s`. Any other link, or no moment, gives `url` as it is, normalised
 * (non-ASCII percent-encoded, as an HTTP Location header needs). Throws on a string that is no URL.
 */
export function linkAtMoment(url: string, seconds: number | null): string {
  const link = new URL(url);
  if (seconds === null) return link.href;
  const source = videoSourceOf(url);
  if (!source || source.kind === 'media') return link.href;
  if (source.kind === 'peertube') link.searchParams.set('start', peertubeStart(seconds));
  else if (source.kind === 'vimeo') link.hash = `t=${seconds}s`;
  else if (link.hostname.toLowerCase() === 'youtu.be') link.searchParams.set('t', String(seconds));
  else link.searchParams.set('t', `${seconds}s`);
  return link.toString();
}
