// Each class's secret calendar (RFC 5545) and podcast (RSS 2.0) links. The link carries a random
// token kept on the class: whoever has it reads the class's dates and published capsules, nothing
// about any person. The teacher can show, regenerate or revoke it; a revoked token finds nothing.
import { randomBytes } from 'node:crypto';
import type { MemberInfo } from '../core/commands.ts';
import type { Capsule, Class } from '../db/models.ts';
import { type CalendarEvent, renderCalendar } from '../domain/ical.ts';
import { type PodcastItem, renderPodcast } from '../domain/podcast-rss.ts';
import { mediaTypeOf } from '../domain/video-url.ts';
import { requireTeacher } from './access.ts';
import type { ServiceDeps } from './deps.ts';

/** The class's two secret links. */
export interface FeedLinks {
  calendar: string;
  podcast: string;
}

/** How long a class session lasts in the calendar: one French "heure de cours". */
export const SESSION_MINUTES = 55;

export class CalendarService {
  readonly #deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  /** The class's links, made on first use. Teachers only. */
  async links(classId: string, member: MemberInfo | null): Promise<FeedLinks> {
    requireTeacher(member);
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: classId } });
    const token =
      klass.calendarToken ?? (await this.#setToken(classId, member, newToken(), 'calendar.create'));
    return this.#linksOf(token);
  }

  /** New links; the old ones stop working at once. */
  async regenerate(classId: string, member: MemberInfo | null): Promise<FeedLinks> {
    requireTeacher(member);
    return this.#linksOf(await this.#setToken(classId, member, newToken(), 'calendar.regenerate'));
  }

  /** No links any more, until the teacher asks for them again. */
  async revoke(classId: string, member: MemberInfo | null): Promise<void> {
    requireTeacher(member);
    await this.#setToken(classId, member, null, 'calendar.revoke');
  }

  /** The class a token opens, or null (unknown or revoked). */
  async classOf(token: string): Promise<Class | null> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
    return this.#deps.db.class.findUnique({ where: { calendarToken: token } });
  }

  /** The class's sessions and capsule publications as an iCalendar file. */
  async calendar(klass: Class): Promise<string> {
    const t = this.#deps.i18n.t(klass.language);
    const host = new URL(this.#deps.publicUrl).hostname || 'inverso';
    const capsules = await this.#capsules(klass, true);
    const events: CalendarEvent[] = capsules.flatMap((c) => {
      const common = {
        sequence: c.revision,
        stamp: c.updatedAt,
        url: c.videoUrl,
        cancelled: c.status === 'cancelled',
      };
      const params = { number: c.number, title: c.title };
      return [
        {
          ...common,
          uid: `capsule-${c.id}-publish@${host}`,
          start: c.publishAt,
          minutes: 0,
          summary: t('cards:calendar.publishSummary', params),
          description: t('cards:calendar.publishDescription', { ...params, url: c.videoUrl }),
        },
        {
          ...common,
          uid: `capsule-${c.id}-session@${host}`,
          start: c.sessionAt,
          minutes: SESSION_MINUTES,
          summary: t('cards:calendar.sessionSummary', params),
          description: t('cards:calendar.sessionDescription', { ...params, url: c.videoUrl }),
        },
      ];
    });
    return renderCalendar({
      name: t('cards:calendar.name', { name: klass.name }),
      prodId: `-//Inverso//Class calendar//${klass.language.toUpperCase()}`,
      events,
    });
  }

  /** The class's published capsules that have a downloadable file, as a podcast feed. */
  async podcast(klass: Class): Promise<string> {
    const t = this.#deps.i18n.t(klass.language);
    const capsules = await this.#capsules(klass, false);
    const items: PodcastItem[] = [];
    for (const c of capsules) {
      const direct = mediaTypeOf(c.videoUrl);
      const enclosure = c.mediaUrl
        ? { url: c.mediaUrl, type: c.mediaType ?? 'video/mp4', bytes: c.mediaBytes }
        : direct
          ? { url: c.videoUrl, type: direct, bytes: null }
          : null;
      if (!enclosure) continue;
      items.push({
        guid: `capsule-${c.id}`,
        title: t('cards:capsule.title', { number: c.number, title: c.title }),
        description: t('cards:calendar.podcastItem', { title: c.title }),
        link: c.videoUrl,
        published: c.publishAt,
        enclosure,
      });
    }
    return renderPodcast({
      title: t('cards:calendar.podcastTitle', { name: klass.name }),
      description: t('cards:calendar.podcastDescription', { name: klass.name }),
      link: this.#deps.publicUrl,
      language: klass.language,
      items,
    });
  }

  /** Capsules for the feeds: all (cancelled ones say so) or only those published. */
  #capsules(klass: Class, all: boolean): Promise<Capsule[]> {
    return this.#deps.db.capsule.findMany({
      where: all ? { classId: klass.id } : { classId: klass.id, status: 'published' },
      orderBy: [{ publishAt: all ? 'asc' : 'desc' }, { number: 'asc' }],
      take: 500,
    });
  }

  async #setToken(
    classId: string,
    member: MemberInfo | null,
    token: string | null,
    action: string,
  ): Promise<string> {
    await this.#deps.db.$transaction(async (tx) => {
      await tx.class.update({ where: { id: classId }, data: { calendarToken: token } });
      await tx.auditLog.create({ data: { classId, actorId: member?.id ?? null, action, details: '{}' } });
    });
    return token ?? '';
  }

  #linksOf(token: string): FeedLinks {
    const base = this.#deps.publicUrl;
    return { calendar: `${base}/calendar/${token}.ics`, podcast: `${base}/podcast/${token}.xml` };
  }
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}
