// Turns what a video site says into what a capsule stores: the title and minutes the teacher left
// out, and the downloadable file for the podcast feed.
import { MINUTES_MAX, TITLE_MAX } from '../domain/capsule-input.ts';
import type { MediaFile, VideoMetadataFetcher } from './video-metadata.ts';

/** What the teacher is told about the video look-up. */
export type DescribedVideo =
  /** `title`/`minutes` are set only for what the look-up filled in (the teacher had left it out). */
  | { kind: 'filled'; title: string | null; minutes: number | null }
  /** The site did not answer in time (or the bot is offline): scheduled without the details. */
  | { kind: 'failed'; title?: undefined; minutes?: undefined };

/** The capsule columns of a video's file. */
export interface MediaColumns {
  mediaUrl?: string;
  mediaType?: string;
  mediaBytes?: number | null;
}

// mediaBytes is a 32-bit column: a file over 2 GB is listed with an unknown size.
const INT_MAX = 2_147_483_647;

/**
 * Looks a video up when there is something to learn: the title or minutes the teacher left out,
 * or a file for the podcast. `details` is null when nothing was asked or the site is unknown.
 */
export async function describeVideo(
  fetcher: VideoMetadataFetcher | null,
  url: string,
  typed: { title: string | null; minutes: number | null },
): Promise<{ details: DescribedVideo | null; media: MediaColumns }> {
  if (!fetcher) return { details: null, media: {} };
  const lookup = await fetcher.describe(url);
  if (lookup.status === 'unknown') return { details: null, media: {} };
  const wanted = typed.title === null || typed.minutes === null;
  if (lookup.status === 'failed') return { details: wanted ? { kind: 'failed' } : null, media: {} };
  const title =
    typed.title === null && lookup.title
      ? lookup.title
          .replace(/\p{Cc}/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, TITLE_MAX)
      : null;
  const minutes =
    typed.minutes === null && lookup.seconds
      ? Math.min(MINUTES_MAX, Math.max(1, Math.ceil(lookup.seconds / 60)))
      : null;
  return {
    details: title !== null || minutes !== null ? { kind: 'filled', title, minutes } : null,
    media: lookup.media ? mediaColumns(lookup.media) : {},
  };
}

function mediaColumns(media: MediaFile): MediaColumns {
  return {
    mediaUrl: media.url,
    mediaType: media.type,
    mediaBytes: media.bytes !== null && media.bytes <= INT_MAX ? media.bytes : null,
  };
}

/** The media columns after a change of link: the new file, or none. */
export function mediaChange(media: MediaColumns): {
  mediaUrl: string | null;
  mediaType: string | null;
  mediaBytes: number | null;
} {
  return {
    mediaUrl: media.mediaUrl ?? null,
    mediaType: media.mediaUrl ? (media.mediaType ?? 'video/mp4') : null,
    mediaBytes: media.mediaUrl ? (media.mediaBytes ?? null) : null,
  };
}
