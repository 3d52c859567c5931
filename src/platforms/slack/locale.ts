// Who a Slack user is, for the core's Actor: their display name, their Slack language (so private
// replies speak it; the dispatcher falls back to the class language when there is none) and
// whether they administer the workspace. One users.info call per person, cached, and shared by
// concurrent requests; without the users:read scope everyone is known by id and class language.
import type { webApi } from '@slack/bolt';
import type { Clock } from '../../core/clock.ts';
import type { Actor } from '../../core/events.ts';
import type { Logger } from '../../core/logger.ts';
import { TtlCache } from '../../core/ttl-cache.ts';

/** How long a workspace's member list serves `@name` lookups. */
const DIRECTORY_TTL_MS = 10 * 60_000;

/** What users.info tells about a member. */
export interface MemberProfile {
  displayName: string;
  locale?: string;
  isAdmin: boolean;
}

/** Options of {@link ProfileCache}. */
export interface ProfileCacheOptions {
  client: webApi.WebClient;
  tokenFor: (teamId: string) => Promise<string>;
  logger: Logger;
  clock: Clock;
  /** How long a profile is trusted; a member who changes their Slack language sees it after this. */
  ttlMs?: number;
  /** How long a failed lookup is not retried. */
  failureTtlMs?: number;
  maxEntries?: number;
}

interface NamedUser {
  id: string;
  names: string[];
}

/** Members' profiles by workspace, cached; and `@name` lookups in a workspace's directory. */
export class ProfileCache {
  readonly #options: Required<ProfileCacheOptions>;
  readonly #entries: TtlCache<string, Promise<MemberProfile | null>>;
  readonly #directories: TtlCache<string, Promise<NamedUser[]>>;

  constructor(options: ProfileCacheOptions) {
    this.#options = { ttlMs: 60 * 60_000, failureTtlMs: 5 * 60_000, maxEntries: 10_000, ...options };
    this.#entries = new TtlCache(options.clock, {
      ttlMs: this.#options.ttlMs,
      maxEntries: this.#options.maxEntries,
    });
    this.#directories = new TtlCache(options.clock, { ttlMs: DIRECTORY_TTL_MS });
  }

  /**
   * The Actor of a user; `fallbackName` is what the payload says (their handle) if users.info fails.
   * A slow lookup is not waited for past `waitMs`: trigger ids and modal acks have 3 seconds, so
   * the person is then known by handle and class language this once.
   */
  async actor(teamId: string, userId: string, fallbackName?: string, waitMs = 1000): Promise<Actor> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    const profile = await Promise.race([this.profile(teamId, userId), late]);
    clearTimeout(timer);
    const actor: Actor = {
      platformUserId: userId,
      displayName: profile?.displayName || fallbackName || userId,
    };
    if (profile?.locale) actor.locale = profile.locale;
    if (profile?.isAdmin) actor.isAdmin = true;
    return actor;
  }

  profile(teamId: string, userId: string): Promise<MemberProfile | null> {
    const key = `${teamId}|${userId}`;
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const profile = this.#load(teamId, userId);
    // Concurrent requests share the lookup; a failed one is retried sooner than a profile expires.
    void profile.then((p) => {
      if (p === null && this.#entries.get(key) === profile) {
        this.#entries.set(key, profile, this.#options.failureTtlMs);
      }
    });
    this.#entries.set(key, profile);
    return profile;
  }

  /**
   * The id of the one member called `@name` (handle, display name or real name), for a name typed
   * by hand; Slack's own mentions already carry the id. Undefined when none or several match.
   */
  async findByName(teamId: string, name: string): Promise<string | undefined> {
    const wanted = name.replace(/^@/, '').trim().toLowerCase();
    if (!wanted) return undefined;
    const users = await this.#directory(teamId);
    const found = users.filter((u) => u.names.includes(wanted));
    return found.length === 1 ? found[0]?.id : undefined;
  }

  #directory(teamId: string): Promise<NamedUser[]> {
    const cached = this.#directories.get(teamId);
    if (cached) return cached;
    const users = this.#listUsers(teamId);
    this.#directories.set(teamId, users);
    return users;
  }

  async #listUsers(teamId: string): Promise<NamedUser[]> {
    const out: NamedUser[] = [];
    try {
      const token = await this.#options.tokenFor(teamId);
      let cursor: string | undefined;
      // users.list is Tier 2: a school workspace fits in a few pages, read at most every 10 minutes.
      for (let page = 0; page < 20; page++) {
        const result = await this.#options.client.users.list({
          token,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        for (const m of result.members ?? []) {
          if (!m.id || m.deleted || m.is_bot) continue;
          const names = [m.name, m.profile?.display_name, m.real_name, m.profile?.real_name]
            .filter((n): n is string => Boolean(n))
            .map((n) => n.toLowerCase());
          out.push({ id: m.id, names });
        }
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
    } catch (error) {
      this.#options.logger.debug({ err: error }, 'users.list failed; @names are not resolved');
    }
    return out;
  }

  async #load(teamId: string, userId: string): Promise<MemberProfile | null> {
    try {
      const token = await this.#options.tokenFor(teamId);
      const result = await this.#options.client.users.info({ token, user: userId, include_locale: true });
      const user = result.user;
      if (!user) return null;
      const displayName =
        user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || userId;
      const profile: MemberProfile = {
        displayName: displayName.slice(0, 80),
        isAdmin: Boolean(user.is_admin || user.is_owner),
      };
      if (user.locale) profile.locale = user.locale;
      return profile;
    } catch (error) {
      // No users:read scope, or a user from another workspace: the class language will do.
      this.#options.logger.debug({ err: error }, 'users.info failed; using the class language');
      return null;
    }
  }
}
