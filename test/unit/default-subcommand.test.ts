// `/privacy` typed alone runs `/privacy info` where commands are text (Slack, the sandbox);
// Discord, which cannot run a command that has subcommands, lists `info` first.
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../src/commands/index.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { buildCommands } from '../../src/platforms/discord/command-builder.ts';
import { parseLine } from '../../src/platforms/sandbox/commands.ts';
import { parseSlash } from '../../src/platforms/slack/commands.ts';

const { commands } = buildCatalogue();

describe('a command typed alone runs its default subcommand', () => {
  it('on Slack', () => {
    const parsed = parseSlash('/privacy', '  ', commands);
    expect(parsed).toMatchObject({ kind: 'run', spec: { name: 'privacy', sub: 'info' }, rest: '' });
    expect(parseSlash('/privacy', 'export user:Léa', commands)).toMatchObject({
      kind: 'run',
      spec: { sub: 'export' },
      rest: 'user:Léa',
    });
    // Commands without a default still show how to type them.
    expect(parseSlash('/capsule', '', commands)).toMatchObject({ kind: 'usage' });
  });

  it('in the sandbox', () => {
    expect(parseLine('/privacy', commands)).toMatchObject({ key: 'privacy info', rest: '' });
    expect(parseLine('/privacy delete user:Léa', commands)).toMatchObject({ key: 'privacy delete' });
    expect(parseLine('/privacy nonsense', commands).spec).toBeUndefined();
    expect(parseLine('/capsule', commands).spec).toBeUndefined();
  });

  it('on Discord, as the first subcommand', () => {
    const privacy = buildCommands(commands, createI18n('fr')).find((c) => c.name === 'privacy');
    expect(privacy?.options.map((o) => o.name)).toEqual(['info', 'export', 'delete']);
  });
});
