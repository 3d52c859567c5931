// A podcast feed (RSS 2.0 with enclosures) of a class's published capsules, so students can watch
// or listen offline in any podcast app.

/** One episode: a capsule with a downloadable file. */
export interface PodcastItem {
  guid: string;
  title: string;
  description: string;
  /** The page of the video (or the file itself). */
  link: string;
  published: Date;
  enclosure: { url: string; type: string; bytes: number | null };
}

/** The feed's channel. */
export interface PodcastFeed {
  title: string;
  description: string;
  link: string;
  language: string;
  items: PodcastItem[];
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The feed as RSS 2.0 text. */
export function renderPodcast(feed: PodcastFeed): string {
  const x = escapeXml;
  const items = feed.items.map((item) =>
    [
      '    <item>',
      `      <title>${x(item.title)}</title>`,
      `      <description>${x(item.description)}</description>`,
      `      <link>${x(item.link)}</link>`,
      `      <guid isPermaLink="false">${x(item.guid)}</guid>`,
      `      <pubDate>${item.published.toUTCString().replace('GMT', '+0000')}</pubDate>`,
      // RSS asks for the length in bytes; 0 is the usual "unknown".
      `      <enclosure url="${x(item.enclosure.url)}" length="${item.enclosure.bytes ?? 0}" type="${x(item.enclosure.type)}"/>`,
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    '  <channel>',
    `    <title>${x(feed.title)}</title>`,
    `    <description>${x(feed.description)}</description>`,
    `    <link>${x(feed.link)}</link>`,
    `    <language>${x(feed.language)}</language>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
