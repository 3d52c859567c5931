// The Slack app manifest stays in step with the code: every top-level command of the catalogue
// (the reports feature's included) is a slash command, escaped so mentions arrive as user ids; the
// scopes are the ones the decision record justifies; Socket Mode, interactivity and the Home tab
// are on. A command added to the catalogue and not to the manifest fails here.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const manifest = readFileSync(fileURLToPath(new URL('../../slack-manifest.yml', import.meta.url)), 'utf8');
const commands = [...manifest.matchAll(/^\s+- command: (\/\S+)$/gm)].map((m) => m[1]);
const section = (name: string) => manifest.slice(manifest.indexOf(`${name}:`)).split(/\n\S/)[0] ?? '';

describe('slack-manifest.yml', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await sqliteTestDb();
  });
  afterAll(() => testDb.close());

  it('declares every top-level command of the catalogue, escaped', async () => {
    const core = testCore({
      db: testDb.db,
      clock: new ManualClock(),
      platforms: [],
      features: [reportsFeature({ mailer: null })],
    });
    const names = [...new Set(core.dispatcher.catalogue.commands.map((c) => `/${c.name}`))];
    expect([...commands].sort()).toEqual([...names].sort());
    expect(manifest.match(/should_escape: true/g)).toHaveLength(commands.length);
    expect(manifest).not.toMatch(/should_escape: false/);
  });

  it('asks for the fewest scopes, and turns on Socket Mode, interactivity and the Home tab', () => {
    const scopes = [...section('oauth_config').matchAll(/^\s+- ([a-z:.]+)/gm)].map((m) => m[1]);
    expect(scopes).toEqual([
      'commands',
      'chat:write',
      'im:write',
      'users:read',
      'files:write',
      'channels:history',
      'groups:history',
      'im:history',
    ]);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
    expect(section('interactivity')).toMatch(/is_enabled: true/);
    expect(section('app_home')).toMatch(/home_tab_enabled: true/);
    expect(section('bot_events')).toMatch(/- app_home_opened/);
  });
});
