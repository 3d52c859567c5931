// Discord shows every command in the member's client language: each command, subcommand, option
// and choice the bot registers (the reports feature's included) carries French and English names
// and descriptions. A command added later without its words in locales/ fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import {
  type ApiCommand,
  type ApiOption,
  buildCommands,
} from '../../src/platforms/discord/command-builder.ts';
import { DISCORD_LOCALES } from '../../src/platforms/discord/localize.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const locales = Object.keys(DISCORD_LOCALES);

/** Every missing localization, as `path: field locale`. */
function missingLocalizations(commands: ApiCommand[]): string[] {
  const missing: string[] = [];
  const check = (at: string, field: string, values: Record<string, string> | undefined) => {
    for (const locale of locales) if (!values?.[locale]) missing.push(`${at}: ${field} ${locale}`);
  };
  const walk = (at: string, item: ApiCommand | ApiOption) => {
    check(at, 'name', item.name_localizations);
    check(at, 'description', item.description_localizations);
    for (const choice of 'choices' in item ? (item.choices ?? []) : []) {
      check(`${at}=${choice.value}`, 'name', choice.name_localizations);
    }
    for (const option of item.options ?? []) walk(`${at} ${option.name}`, option);
  };
  for (const command of commands) walk(`/${command.name}`, command);
  return missing;
}

describe('Discord localizations', () => {
  let testDb: TestDb;
  let commands: ApiCommand[];
  beforeAll(async () => {
    testDb = await sqliteTestDb();
    const core = testCore({
      db: testDb.db,
      clock: new ManualClock(),
      platforms: [],
      features: [reportsFeature({ mailer: null })],
    });
    commands = buildCommands(core.dispatcher.catalogue.commands, createI18n('fr'));
  });
  afterAll(() => testDb.close());

  it('covers French and both English clients', () => {
    expect(locales).toEqual(expect.arrayContaining(['fr', 'en-US', 'en-GB']));
  });

  it('gives every command, subcommand, option and choice a French and an English name and description', () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['guardian', 'digest', 'capsule']));
    expect(missingLocalizations(commands)).toEqual([]);
  });

  it('translates /guardian and /digest into French', () => {
    const byName = new Map(commands.map((c) => [c.name, c]));
    const guardian = byName.get('guardian');
    expect(guardian?.name_localizations?.fr).toBe('parent');
    expect(guardian?.description_localizations?.fr).toMatch(/^Parents de la classe/);
    expect(guardian?.description_localizations?.['en-US']).toMatch(/^Parents of the class/);
    const preview = byName.get('digest')?.options.find((o) => o.name === 'preview');
    expect(preview?.name_localizations).toEqual({ fr: 'aperçu', 'en-US': 'preview', 'en-GB': 'preview' });
    expect(preview?.description_localizations?.fr).toBe("Voir exactement ce qu'un parent recevra");
  });

  it('finds a word missing from locales/ (the check is not blind)', () => {
    const [first] = commands;
    if (!first) throw new Error('no command registered');
    const stripped: ApiCommand = { ...first, name_localizations: { fr: first.name } };
    expect(missingLocalizations([stripped])).toEqual([
      `/${first.name}: name en-US`,
      `/${first.name}: name en-GB`,
    ]);
  });
});
