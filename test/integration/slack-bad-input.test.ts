// What Slack's HTTP endpoint refuses and how bad commands are answered: forged, stale and replayed
// requests get 401 and run nothing; a student's teacher command is refused privately and changes
// nothing; malformed text gets a clear private answer with the command's usage.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { encodeMetadata } from '../../src/platforms/slack/forms.ts';
import { handleSubmission } from '../../src/platforms/slack/inbound.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import type { Core } from '../../src/wiring.ts';
import type { ContractUser } from '../contract/platform-contract.ts';
import { CHANNEL, makeSlackDriver, SIGNING_SECRET, type SlackDriver } from '../contract/slack-driver.ts';
import { type SignedResponse, signedRequest, signSlackRequest } from '../fakes/slack/index.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const teacher: ContractUser = { id: 'U0TEACH001', name: 'Mme Martin', locale: 'fr-FR' };
const lea: ContractUser = { id: 'U0LEA00001', name: 'Léa', locale: 'fr-FR' };
const fr = createI18n('fr').t('fr');

describe('Slack: bad input', () => {
  let testDb: TestDb;
  let driver: SlackDriver;
  let core: Core;

  const lastPrivate = async (who: ContractUser) => (await driver.privateMessagesTo(who.id)).at(-1);

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    driver = await makeSlackDriver({ users: [teacher, lea], services: () => core.services });
    core = testCore({
      db: testDb.db,
      clock: new ManualClock(new Date('2026-11-23T07:00:00Z')),
      platforms: [driver.platform],
    });
    await driver.start(core.dispatcher);
    await driver.slash(teacher, '/setup', 'name:"4e B" level:college');
    await driver.slash(lea, '/help', '');
  });

  afterEach(async () => {
    await driver.stop();
    await testDb.close();
  });

  it('refuses wrong signatures, old timestamps and replayed bodies with 401', async () => {
    const { fake } = driver;
    const ask = () =>
      fake.slashCommand({
        command: '/ask',
        text: 'Pourquoi le ciel est bleu ?',
        userId: lea.id,
        channelId: CHANNEL,
      });
    const forged = await signedRequest(driver.url, { signingSecret: 'not-the-secret', body: ask() });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await signedRequest(driver.url, {
      signingSecret: SIGNING_SECRET,
      body: ask(),
      timestamp: sixMinutesAgo,
    });
    const noHeaders = await fetch(driver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: ask().rawBody,
    });
    expect([forged.status, stale.status, noHeaders.status]).toEqual([401, 401, 401]);
    await driver.platform.settled();
    expect(await testDb.db.studentQuestion.count()).toBe(0);

    // The same signed request twice, within Bolt's five minutes: the copy is refused.
    const body = ask();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signSlackRequest(SIGNING_SECRET, timestamp, body.rawBody);
    const first = await signedRequest(driver.url, {
      signingSecret: SIGNING_SECRET,
      body,
      timestamp,
      signature,
    });
    const replay = await signedRequest(driver.url, {
      signingSecret: SIGNING_SECRET,
      body,
      timestamp,
      signature,
    });
    expect([first.status, replay.status]).toEqual([200, 401]);
    await driver.platform.settled();
    expect(await testDb.db.studentQuestion.count()).toBe(1);
    // A forged copy of a genuine signature does not block the genuine request either.
    const other = ask();
    const otherSignature = signSlackRequest(SIGNING_SECRET, timestamp, other.rawBody);
    const spoof = await signedRequest(driver.url, {
      signingSecret: SIGNING_SECRET,
      body: { ...other, rawBody: `${other.rawBody}&x=1` },
      timestamp,
      signature: otherSignature,
    });
    const genuine = await signedRequest(driver.url, {
      signingSecret: SIGNING_SECRET,
      body: other,
      timestamp,
      signature: otherSignature,
    });
    expect([spoof.status, genuine.status]).toEqual([401, 200]);
  });

  it("refuses a teacher's command to a student and changes nothing", async () => {
    await driver.slash(
      teacher,
      '/capsule',
      'schedule title:Fractions url:https://v.example publish:"demain 8h" session:"jeudi 10h"',
    );
    const before = await driver.channelMessages();
    const cases = [
      ['/capsule', 'cancel 1'],
      ['/capsule', 'schedule title:X url:https://v.example publish:"demain 9h" session:"jeudi 10h"'],
      ['/settings', 'language:en'],
      ['/quiz', 'create 1 text:"? Q\n* a\n- b"'],
    ] as const;
    for (const [command, text] of cases) {
      const res = (await driver.slash(lea, command, text)) as SignedResponse;
      expect(res.status).toBe(200);
      expect((await lastPrivate(lea))?.text, `${command} ${text}`).toContain(fr('errors:teachersOnly'));
    }
    expect(await testDb.db.capsule.count()).toBe(1);
    expect((await testDb.db.capsule.findFirstOrThrow()).status).toBe('scheduled');
    expect((await testDb.db.class.findFirstOrThrow()).language).toBe('fr');
    expect(await testDb.db.quiz.count()).toBe(0);
    expect(await driver.channelMessages()).toEqual(before);
    // Nor does a student get the teacher's form to fill in for nothing.
    await driver.slash(lea, '/capsule', 'schedule');
    expect(await driver.formsOpenedFor(lea.id)).toEqual([]);
    expect((await lastPrivate(lea))?.text).toContain(fr('errors:teachersOnly'));
    // Not even a help card offers the teacher's subcommands to a student.
    await driver.slash(lea, '/capsule', 'help');
    const usage = await lastPrivate(lea);
    expect(usage?.text).toContain('/capsule list');
    expect(usage?.text).not.toContain('/capsule cancel');
  });

  it('answers malformed text privately and clearly', async () => {
    const answers: [string, string, string][] = [
      [
        '/capsule',
        'schedule title:X url:https://v.example publish:"demain 8h" session:"jeudi 10h" minutes:abc',
        'nombre entier',
      ],
      ['/settings', 'level:maternelle', 'primaire, college, lycee, superieur'],
      ['/ask', 'anonymous:peut-être text:"Une question"', 'oui ou non'],
      ['/capsule', 'frobnicate', '« frobnicate »'],
      ['/teacher', 'add @nobody', 'Je ne trouve pas @nobody'],
      [
        '/capsule',
        'schedule title:X url:javascript:alert(1) publish:"demain 8h" session:"jeudi 10h"',
        'lien web',
      ],
    ];
    for (const [command, text, expected] of answers) {
      const res = (await driver.slash(teacher, command, text)) as SignedResponse;
      expect([res.status, res.text]).toEqual([200, '']);
      const reply = await lastPrivate(teacher);
      expect(reply?.text, `${command} ${text}`).toContain(expected);
    }
    expect(await testDb.db.capsule.count()).toBe(0);
    expect(await testDb.db.member.count({ where: { role: 'teacher' } })).toBe(1);
    // Every one of them went back privately, through the command's response URL.
    expect(
      driver.fake.responses.every(
        (r) => (r.body as { response_type?: string }).response_type === 'ephemeral',
      ),
    ).toBe(true);

    // A command missing the one thing it needs answers with a menu to pick it.
    await driver.slash(teacher, '/capsule', 'cancel');
    const picker = driver.privateRaw(teacher.id).at(-1)?.body as {
      blocks: { elements?: { type: string; action_id: string }[] }[];
    };
    expect(picker.blocks[1]?.elements?.[0]).toMatchObject({
      type: 'external_select',
      action_id: 'iv.ac|capsule cancel|capsule',
    });
  });

  it("reads Slack's escaped text: links, entities and mentions", async () => {
    const { fake } = driver;
    const raw = (who: ContractUser, command: string, text: string) =>
      driver.send(fake.slashCommand({ command, text, userId: who.id, channelId: CHANNEL }), who.id);
    await raw(
      teacher,
      '/capsule',
      'schedule title:"Sons &amp; lumières" url:<https://v.example/a?b=1&amp;c=2|v.example/a> publish:"demain 8h" session:"jeudi 10h"',
    );
    const capsule = await testDb.db.capsule.findFirstOrThrow();
    expect([capsule.title, capsule.videoUrl]).toEqual(['Sons & lumières', 'https://v.example/a?b=1&c=2']);

    await raw(lea, '/ask', 'Pourquoi <@U0TEACH001|mme.martin> a dit 1 &lt; 2 ?');
    expect((await testDb.db.studentQuestion.findFirstOrThrow()).text).toBe(
      'Pourquoi @mme.martin a dit 1 < 2 ?',
    );

    // A mention is a user id; a typed @name is looked up among the workspace's members.
    fake.handleMethod('users.list', (_args, { state }) => ({
      ok: true,
      members: [...state.users.values()].map((u) => ({ id: u.id, name: u.name, real_name: u.realName })),
      response_metadata: { next_cursor: '' },
    }));
    await raw(teacher, '/teacher', 'add <@U0LEA00001|léa>');
    const promoted = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: lea.id } });
    expect(promoted.role).toBe('teacher');
    driver.fake.addUser({ id: 'U0PAUL0001', name: 'paul', realName: 'Paul Durand' });
    await raw(teacher, '/teacher', 'add @paul');
    expect((await testDb.db.member.findFirstOrThrow({ where: { platformUserId: 'U0PAUL0001' } })).role).toBe(
      'teacher',
    );
  });
});

describe('Slack: strangers and failures', () => {
  const parent: ContractUser = { id: 'U0PARENT01', name: 'M. Martin', locale: 'fr-FR' };
  let testDb: TestDb;
  let driver: SlackDriver;
  let core: Core;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    driver = await makeSlackDriver({ users: [teacher, lea, parent], services: () => core.services });
    core = testCore({
      db: testDb.db,
      clock: new ManualClock(new Date('2026-11-23T07:00:00Z')),
      platforms: [driver.platform],
      features: [reportsFeature({ mailer: null })],
    });
    await driver.start(core.dispatcher);
    await driver.slash(teacher, '/setup', 'name:"4e B" level:college');
  });

  afterEach(async () => {
    await driver.stop();
    await testDb.close();
  });

  it("makes nobody a member of the class for a mistyped command's help", async () => {
    const memberships = () => testDb.db.member.count({ where: { platformUserId: parent.id } });
    // A parent typing `/guardian code` without the code, in the class channel: the usage card.
    await driver.slash(parent, '/guardian', 'code');
    expect((await driver.privateMessagesTo(parent.id)).at(-1)?.text).toContain('/guardian code');
    await driver.slash(parent, '/capsule', 'help');
    await driver.slash(parent, '/guardian', 'frobnicate');
    expect(await memberships()).toBe(0);
  });

  it('tells the person, with an error id, when a modal cannot open', async () => {
    driver.fake.failWith('views.open', 'internal_error');
    await driver.slash(teacher, '/capsule', 'schedule');
    expect(await driver.formsOpenedFor(teacher.id)).toEqual([]);
    const reply = (await driver.privateMessagesTo(teacher.id)).at(-1)?.text ?? '';
    const id = /([0-9a-f]{8})\.$/.exec(reply)?.[1];
    expect(id, reply).toBeDefined();
    expect(reply).toContain(fr('errors:unexpected', { id }));
  });
});

describe('Slack: a form deadline', () => {
  it("counts from the submission's arrival, not from when the profile lookup ends", async () => {
    const spec = { id: 'f', titleKey: 'x', access: 'anyone', fields: [], handler: async () => {} };
    const calls: number[] = [];
    const start = Date.now();
    const ctx = {
      out: {},
      dispatcher: {
        form: () => spec,
        i18n: { match: () => 'fr', fallback: 'fr', t: () => (key: string) => key },
        // A slow answer: 300 ms.
        submit: () => new Promise((resolve) => setTimeout(() => resolve({ status: 'done' }), 300)),
      },
      profiles: {
        // A slow profile lookup: 150 ms.
        actor: async (_team: string, id: string) => {
          await new Promise((r) => setTimeout(r, 150));
          return { platformUserId: id, displayName: id };
        },
      },
      logger: silentLogger,
      formDeadlineMs: 200,
    };
    await handleSubmission(
      ctx as never,
      {
        type: 'view_submission',
        user: { id: 'U1', team_id: 'T1' },
        view: { private_metadata: encodeMetadata({ form: 'f', state: [] }), state: { values: {} } },
      },
      async () => {
        calls.push(Date.now() - start);
      },
    );
    expect(calls).toHaveLength(1);
    // Acknowledged at the deadline (200 ms after arrival), not 150 + 200 ms.
    expect(calls[0]).toBeGreaterThanOrEqual(190);
    expect(calls[0]).toBeLessThan(300);
  });
});

describe('Slack: a slow form answer', () => {
  it('closes the modal in time and sends the answer privately when it comes', async () => {
    const testDb = await sqliteTestDb();
    const driver = await makeSlackDriver({ users: [teacher], formDeadlineMs: 10 });
    const core = testCore({
      db: testDb.db,
      clock: new ManualClock(new Date('2026-11-23T07:00:00Z')),
      platforms: [driver.platform],
    });
    try {
      await driver.start(core.dispatcher);
      await driver.slash(teacher, '/setup', 'name:"4e B"');
      await driver.slash(teacher, '/capsule', 'schedule');
      const [form] = await driver.formsOpenedFor(teacher.id);
      if (!form) throw new Error('no form');
      // A busy database: finding who acts now takes 50 ms, past the deadline.
      const classes = core.services.classes;
      const resolve = classes.resolve.bind(classes);
      classes.resolve = async (place, actor) => {
        await new Promise((r) => setTimeout(r, 50));
        return resolve(place, actor);
      };
      const values = {
        title: 'Fractions',
        url: 'https://v.example',
        publish: 'lundi 18h',
        session: '2020-01-01 10:00',
      };
      const res = (await driver.submit(teacher, form, values)) as SignedResponse;
      expect([res.status, res.text]).toEqual([200, '']); // closed at once, not kept open
      // The mistakes come as a message, with a button that reopens the form filled in.
      const late = (await driver.privateMessagesTo(teacher.id)).at(-1);
      expect(late?.text).toContain('Séance en classe le');
      expect(late?.buttons.map((b) => b.action)).toEqual(['form.reopen']);
      expect(await testDb.db.capsule.count()).toBe(0);
    } finally {
      await driver.stop();
      await testDb.close();
    }
  });
});
