// The App Home: opened, it is published (views.publish) from the home service's overview; a
// student can act from it (the buttons know their class), gets the answer in the app's DM, and
// sees the home redrawn.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { Core } from '../../src/wiring.ts';
import type { ContractUser } from '../contract/platform-contract.ts';
import { CHANNEL, makeSlackDriver, type SlackDriver } from '../contract/slack-driver.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

/** What the proposed HomeService does: a member's classes in a workspace, as the home shows them. */

const teacher: ContractUser = { id: 'U0TEACH001', name: 'Mme Martin', locale: 'fr-FR' };
const lea: ContractUser = { id: 'U0LEA00001', name: 'Léa', locale: 'fr-FR' };

describe('Slack App Home', () => {
  let testDb: TestDb;
  let driver: SlackDriver;
  let core: Core;
  let clock: ManualClock;
  let withHome = true;

  const openHome = async (who: ContractUser) => {
    const event = driver.fake.eventCallback({
      event: { type: 'app_home_opened', user: who.id, channel: 'D0HOME0001', tab: 'home' },
    });
    await driver.send(event);
    return JSON.stringify(driver.fake.state.homes.get(who.id)?.definition ?? {});
  };

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    driver = await makeSlackDriver({
      users: [teacher, lea],
      services: () => ({
        classes: core.services.classes,
        ...(withHome ? { home: core.services.home } : {}),
      }),
    });
    clock = new ManualClock(new Date('2026-11-23T07:00:00Z'));
    core = testCore({
      db: testDb.db,
      clock,
      platforms: [driver.platform],
    });
    await driver.start(core.dispatcher);
  });

  afterEach(async () => {
    await driver.stop();
    await testDb.close();
    withHome = true;
  });

  it("shows a teacher's classes and a student's progress, and lets the student act from it", async () => {
    expect(await openHome(lea)).toContain("Aucune classe pour l'instant");
    await driver.slash(teacher, '/setup', 'name:"4e B"');
    await driver.slash(lea, '/help', '');
    await driver.slash(
      teacher,
      '/capsule',
      'schedule title:Fractions url:https://video.example/f publish:"lundi 18h" session:"jeudi 10h"',
    );
    await driver.slash(teacher, '/quiz', 'create 1 text:"? 1/2 + 1/4 = ?\n- 2/6\n* 3/4"');
    clock.set(new Date('2026-11-23T17:00:00Z'));
    await core.scheduler.runDue();
    await driver.slash(lea, '/ask', 'Pourquoi le même dénominateur ?');

    const teacherHome = await openHome(teacher);
    expect(driver.fake.callsTo('views.publish').at(-1)?.args.user_id).toBe(teacher.id);
    expect(teacherHome).toContain('4e B — professeur');
    expect(teacherHome).toContain('n°1 Fractions');
    expect(teacherHome).toContain('<!date^'); // shown in each reader's own time zone
    expect(teacherHome).toContain('▲ 0 — Pourquoi le même dénominateur ?');
    expect(teacherHome).toContain('Aucun quiz');

    const studentHome = await openHome(lea);
    expect(studentHome).toContain('4e B — élève');
    expect(studentHome).toContain('Capsules regardées : 0/1');
    expect(studentHome).toContain(`iv|${CHANNEL}|0`); // the buttons name their class
    const capsule = await testDb.db.capsule.findFirstOrThrow();

    // From the home: "I watched it". The answer comes in the app's DM; the home is redrawn.
    const home = driver.fake.state.homes.get(lea.id);
    await driver.send(
      driver.fake.blockAction({
        userId: lea.id,
        actionId: 'iv.b.1',
        blockId: `iv|${CHANNEL}|0`,
        value: `capsule.watched:${capsule.id}`,
        view: { id: home?.id ?? 'V1', type: 'home' },
      }),
      lea.id,
    );
    expect(await testDb.db.capsuleView.count()).toBe(1);
    expect((await driver.directMessagesTo(lea.id)).at(-1)?.text).toContain('Bravo');
    const redrawn = JSON.stringify(driver.fake.state.homes.get(lea.id)?.definition);
    expect(redrawn).toContain('Capsules regardées : 1/1');
    expect(redrawn).not.toContain('capsule.watched');

    // "Take the quiz" from the home: the question comes by DM, and its buttons still find the class.
    await driver.send(
      driver.fake.blockAction({
        userId: lea.id,
        actionId: 'iv.b.1',
        blockId: `iv|${CHANNEL}|0`,
        value: `quiz.take:${capsule.id}`,
        view: { id: home?.id ?? 'V1', type: 'home' },
      }),
      lea.id,
    );
    const [q1] = await testDb.db.quizQuestion.findMany();
    await driver.press(lea, { action: 'quiz.answer', args: [q1?.id ?? '', '1'] });
    expect((await driver.privateMessagesTo(lea.id)).at(-1)?.text).toContain('Bonne réponse');
    expect(await openHome(lea)).toContain('Quiz faits : 1/1');
    expect(await openHome(teacher)).toContain('1/1 justes');
  });

  it('shows a welcome and the way to /help when no home service is wired', async () => {
    withHome = false;
    await driver.slash(teacher, '/setup', 'name:"4e B"');
    const view = await openHome(teacher);
    expect(view).toContain('/help');
    // Only the home tab is drawn: the messages tab opening is ignored.
    const before = driver.fake.callsTo('views.publish').length;
    await driver.send(
      driver.fake.eventCallback({
        event: { type: 'app_home_opened', user: teacher.id, channel: 'D1', tab: 'messages' },
      }),
    );
    expect(driver.fake.callsTo('views.publish')).toHaveLength(before);
  });
});
