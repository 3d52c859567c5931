import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('runs on an empty environment: SQLite and the sandbox', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('file:./data/inverso.db');
    expect(config.sandbox).toBe(true);
    expect(config.discord).toBeNull();
  });

  it('turns the sandbox off by default once the bot is reachable by real people', () => {
    expect(loadConfig({ DISCORD_TOKEN: 'x' }).sandbox).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://bot.school.example' }).sandbox).toBe(false);
    expect(loadConfig({ DISCORD_TOKEN: 'x', SANDBOX: 'on' }).sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: '' }).sandbox).toBe(true); // as copied from .env.example
  });

  it('names what is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://db/x' })).toThrow(/APP_SECRET/);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/x', APP_SECRET: 's' }).databaseUrl).toContain(
      'postgresql',
    );
  });
});

describe('Discord mode', () => {
  const key = 'ab'.repeat(32);

  it('connects to the gateway by default and takes interactions over HTTP with a public key', () => {
    expect(loadConfig({ DISCORD_TOKEN: 'x' }).discord?.mode).toBe('gateway');
    expect(loadConfig({ DISCORD_TOKEN: 'x', DISCORD_MODE: '' }).discord?.mode).toBe('gateway');
    const http = loadConfig({ DISCORD_TOKEN: 'x', DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: key });
    expect(http.discord).toMatchObject({ mode: 'http', publicKey: key });
  });

  it('refuses http mode without a well-formed public key', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', DISCORD_MODE: 'http' })).toThrow(/DISCORD_PUBLIC_KEY/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: 'abc' })).toThrow(
      /DISCORD_PUBLIC_KEY/,
    );
    expect(() => loadConfig({ DISCORD_MODE: 'websocket' })).toThrow(/DISCORD_MODE/);
  });
});

describe('Slack workspaces', () => {
  it('installs through OAuth with a client id and secret, without a bot token', () => {
    const config = loadConfig({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's' });
    expect(config.slack).toMatchObject({ botToken: '', oauth: { clientId: '1.2', clientSecret: 's' } });
    expect(config.sandbox).toBe(false);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }).slack?.oauth).toBeNull();
    expect(() => loadConfig({ SLACK_CLIENT_ID: '1.2' })).toThrow(/SLACK_CLIENT_SECRET/);
  });
});

describe('.env.example and the README', () => {
  const example = parseEnv(readFileSync('.env.example', 'utf8'));

  it('.env.example as shipped is a valid configuration', () => {
    expect(loadConfig(example as NodeJS.ProcessEnv).sandbox).toBe(true);
  });

  it('the README configuration table lists every variable of .env.example', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(example)) expect(readme, name).toContain(`| \`${name}\` |`);
  });
});
