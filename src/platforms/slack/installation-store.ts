// Slack installations made through OAuth ("Add to Slack"), in the database: Bolt's
// InstallationStore for @slack/oauth's InstallProvider, and the platform's TokenSource, so every
// Web API call for a class uses the token of the class's own workspace. A workspace installed on
// its own is its own key; an Enterprise Grid organization-wide install is stored under the
// enterprise id, and each of its workspaces is linked to it when one of their events arrives.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Db } from '../../db/client.ts';
import type { SealedBox } from './sealed-box.ts';
import type { BotIdentity, TokenSource } from './tokens.ts';

/** Raised when a workspace has no (or no longer an) installation. */
export class NotInstalled extends Error {
  constructor(teamId: string | undefined) {
    super(`Slack: no installation for workspace ${teamId ?? '(none)'}`);
    this.name = 'NotInstalled';
  }
}

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

/** Who an event comes from, as Bolt's authorize and event context give it. */
export interface Origin {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/** The OAuth installations of a deployment; see the file comment. */
export class PrismaInstallations implements InstallationStore, TokenSource {
  readonly #db: Db;
  readonly #box: SealedBox;
  /** Workspaces known to be linked already (saves a write per event). */
  readonly #linked = new Set<string>();

  constructor(db: Db, box: SealedBox) {
    this.#db = db;
    this.#box = box;
  }

  async storeInstallation(installation: AnyInstallation): Promise<void> {
    const enterpriseId = installation.enterprise?.id ?? null;
    const teamId = installation.team?.id ?? null;
    const id = installation.isEnterpriseInstall && enterpriseId ? enterpriseId : teamId;
    if (!id || !installation.bot) throw new Error('Slack: an installation without a team or a bot token');
    const data = {
      teamId,
      enterpriseId,
      isEnterpriseInstall: Boolean(installation.isEnterpriseInstall),
      botUserId: installation.bot.userId,
      botId: installation.bot.id,
      sealed: this.#box.seal(JSON.stringify(installation)),
    };
    await this.#db.$transaction([
      this.#db.slackInstallation.upsert({ where: { id }, create: { id, ...data }, update: data }),
      ...(installation.isEnterpriseInstall || !teamId
        ? []
        : [
            this.#db.slackTeam.upsert({
              where: { teamId },
              create: { teamId, installationId: id },
              update: { installationId: id },
            }),
          ]),
    ]);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    return this.#load(query.isEnterpriseInstall ? query.enterpriseId : query.teamId, query.enterpriseId);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.forget(query);
  }

  /** app_uninstalled, tokens_revoked: the tokens go; the classes stay until the retention purge. */
  async forget(origin: Origin): Promise<number> {
    const id = origin.isEnterpriseInstall || !origin.teamId ? origin.enterpriseId : origin.teamId;
    if (!id) return 0;
    const link = origin.teamId
      ? await this.#db.slackTeam.findUnique({ where: { teamId: origin.teamId } })
      : null;
    const target = link?.installationId ?? id;
    // Links are learnt again after a reinstall.
    this.#linked.clear();
    // SlackTeam rows go with their installation (ON DELETE CASCADE).
    const { count } = await this.#db.slackInstallation.deleteMany({ where: { id: target } });
    return count;
  }

  /** Links a workspace of an organization-wide install to it, the first time one of its events arrives. */
  async link(origin: Origin): Promise<void> {
    const { teamId, enterpriseId } = origin;
    if (!teamId || !enterpriseId || this.#linked.has(teamId)) return;
    const org = await this.#db.slackInstallation.findUnique({ where: { id: enterpriseId } });
    if (org?.isEnterpriseInstall) {
      await this.#db.slackTeam.upsert({
        where: { teamId },
        create: { teamId, installationId: enterpriseId },
        update: {},
      });
    }
    this.#linked.add(teamId);
  }

  async verify(): Promise<void> {
    // Nothing to check at start: workspaces install later, through /slack/install.
  }

  async tokenFor(teamId: string | undefined): Promise<string> {
    const token = (await this.#load(teamId)).bot?.token;
    if (!token) throw new NotInstalled(teamId);
    return token;
  }

  async identityFor(teamId: string | undefined): Promise<BotIdentity> {
    const installation = await this.#load(teamId);
    return {
      teamId: teamId ?? installation.team?.id ?? '',
      botUserId: installation.bot?.userId ?? '',
      botId: installation.bot?.id ?? '',
    };
  }

  /** The installation serving a workspace: its own, its organization's, or the organization itself. */
  async #load(key: string | undefined, enterpriseId?: string): Promise<AnyInstallation> {
    if (!key && !enterpriseId) throw new NotInstalled(key);
    const link = key ? await this.#db.slackTeam.findUnique({ where: { teamId: key } }) : null;
    const ids = [link?.installationId, key, enterpriseId].filter((v): v is string => Boolean(v));
    for (const id of ids) {
      const row = await this.#db.slackInstallation.findUnique({ where: { id } });
      if (row) return JSON.parse(this.#box.open(row.sealed)) as AnyInstallation;
    }
    throw new NotInstalled(key);
  }
}
