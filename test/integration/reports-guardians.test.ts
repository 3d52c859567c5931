// Guardians through commands: one by one, a roster import that is all or nothing (bad lines
// reported by number), list and remove; and a parent on the platform linking their account with a
// one-time code, then getting the digest by DM instead of e-mail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDigestPlans, type ReportsFeature, reportsFeature } from '../../src/reports/index.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { cycleFixture, hugo, teacher } from './reports-fixture.ts';

describe('guardians', () => {
  let testDb: TestDb;
  let h: Harness;
  let reports: ReportsFeature;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    reports = reportsFeature({ mailer: null });
    h = harness(testDb, undefined, [reports]);
    await cycleFixture(h);
  });
  afterEach(async () => testDb.close());

  it('imports a roster all or nothing, reporting bad lines by number', async () => {
    const bad = [
      'student,guardian_email,language',
      'Léa,lea.parent@example.fr,fr',
      'Hugo,not-an-address,en',
      'Nobody,x@example.fr,fr',
      'Inès,ines@example.fr,de',
      'Léa,lea.parent@example.fr,fr',
      'Inès,ines@example.fr',
    ].join('\n');
    const refused = await h.as(teacher).command('guardian import', { csv: bad });
    const card = refused.private[0];
    expect(card?.tone).toBe('error');
    expect(card?.title).toBe("L'import a 5 lignes incorrectes");
    expect(card?.text).toContain('Rien de cet import');
    expect(card?.text).toContain("Ligne 3 : « not-an-address » n'est pas une adresse e-mail");
    expect(card?.text).toContain("Ligne 4 : aucun élève de la classe ne s'appelle « Nobody »");
    expect(card?.text).toContain('Ligne 5 : langue inconnue « de »');
    expect(card?.text).toContain('Ligne 6 : la même ligne apparaît deux fois');
    expect(card?.text).toContain('Ligne 7 : 3 colonnes attendues');
    expect(await testDb.db.guardian.count()).toBe(0);
    expect(await testDb.db.guardianLink.count()).toBe(0);

    const good =
      'Léa,lea.parent@example.fr,fr\nHugo,hugo.parent@example.com,EN\n"Inès",lea.parent@example.fr,fr';
    const ok = await h.as(teacher).command('guardian import', { csv: good });
    expect(ok.private[0]?.text).toBe('Importé : 3 liens pour 2 parent(s).');
    const list = await h.as(teacher).command('guardian list');
    expect(list.private[0]?.title).toBe('2 parents');
    expect(list.private[0]?.text).toContain('hugo.parent@example.com → Hugo (en)');
    expect(list.private[0]?.text).toContain('lea.parent@example.fr → Inès, Léa (fr)');
  });

  it('opens the import form when no CSV is given, and keeps it for teachers', async () => {
    const form = await h.as(teacher).command('guardian import');
    expect(form.forms).toEqual([{ form: 'guardian.import' }]);
    const student = await h
      .as(hugo)
      .command('guardian add', { student: 'Hugo', email: 'me@example.com', language: 'en' });
    expect(student.private[0]?.tone).toBe('error');
    expect(await testDb.db.guardian.count()).toBe(0);
  });

  it('adds and removes one by one; a removed guardian with no child left is forgotten', async () => {
    const bad = await h
      .as(teacher)
      .command('guardian add', { student: 'Léa', email: 'nope', language: 'fr' });
    expect(bad.private[0]?.text).toContain("n'est pas une adresse");
    const unknown = await h
      .as(teacher)
      .command('guardian add', { student: 'Zorro', email: 'a@b.fr', language: 'fr' });
    expect(unknown.private[0]?.text).toContain('Zorro');
    const added = await h
      .as(teacher)
      .command('guardian add', { student: '@Léa', email: 'A@B.fr', language: 'fr' });
    expect(added.private[0]?.text).toBe('a@b.fr recevra le résumé de la semaine au sujet de Léa.');
    const removed = await h.as(teacher).command('guardian remove', { email: 'a@b.fr' });
    expect(removed.private[0]?.text).toBe('1 lien retiré.');
    expect(await testDb.db.guardian.count()).toBe(0);
  });

  it('links a parent on the platform with a one-time code; the digest then comes by DM', async () => {
    const made = await h.as(teacher).command('guardian link', { student: 'Léa' });
    const code = /\*\*([A-Z0-9]{5}-[A-Z0-9]{5})\*\*/.exec(made.private[0]?.text ?? '')?.[1];
    expect(code).toBeDefined();
    expect(await testDb.db.oneTimeToken.count({ where: { tokenHash: code } })).toBe(0); // only a hash is kept

    const parent = person('p9', 'Papa de Léa');
    const linked = await h
      .as(parent)
      .command('guardian code', { code: code!.toLowerCase().replace('-', ' ') });
    expect(linked.private[0]?.text).toContain('au sujet de Léa');
    // Typing the code in the class channel did not make the parent a student of the class.
    expect(await testDb.db.member.count({ where: { platformUserId: 'p9' } })).toBe(0);
    const reused = await h.as(person('p10', 'Someone')).command('guardian code', { code: code! });
    expect(reused.private[0]?.text).toContain('ne fonctionne pas');

    await ensureDigestPlans(reports.kit);
    h.clock.set(new Date('2026-11-29T17:00:00Z'));
    await h.settle();
    const dms = h.platform.direct.get('p9') ?? [];
    expect(dms).toHaveLength(1);
    expect(dms[0]?.title).toContain('Léa');
    expect(dms[0]?.text).toContain('Léa : ✓ regardée · quiz fait (2/2) · score 100 %');
    expect(dms[0]?.text).not.toMatch(/Hugo|Inès/);
    expect(dms[0]?.controls?.[0]?.[0]).toMatchObject({ kind: 'link', label: 'Se désabonner' });
    const send = await testDb.db.job.findFirstOrThrow({ where: { kind: 'digest.send' } });
    expect(send.state).toBe('done');
  });

  it('moves a parent known by e-mail to DM, and an expired code does nothing', async () => {
    await h
      .as(teacher)
      .command('guardian add', { student: 'Hugo', email: 'hugo.parent@example.com', language: 'en' });
    const made = await h.as(teacher).command('guardian link', { email: 'hugo.parent@example.com' });
    const code = /\*\*([A-Z0-9-]+)\*\*/.exec(made.private[0]?.text ?? '')?.[1] ?? '';
    h.clock.advance(73 * 3600_000);
    const late = await h.as(person('p7', 'Hugo Dad', 'en')).command('guardian code', { code });
    expect(late.private[0]?.text).toContain('does not work');

    const fresh = await h.as(teacher).command('guardian link', { email: 'hugo.parent@example.com' });
    const code2 = /\*\*([A-Z0-9-]+)\*\*/.exec(fresh.private[0]?.text ?? '')?.[1] ?? '';
    await h.as(person('p7', 'Hugo Dad', 'en')).command('guardian code', { code: code2 });
    const guardian = await testDb.db.guardian.findUniqueOrThrow({
      where: { email: 'hugo.parent@example.com' },
    });
    expect(guardian).toMatchObject({ platform: 'sandbox', platformUserId: 'p7' });
    const preview = await h.as(teacher).command('digest preview', { email: 'hugo.parent@example.com' });
    expect(preview.private[0]?.fields?.find((f) => f.label === 'Envoyé par')?.value).toBe('message privé');
  });

  it('moves the children of a parent linked twice to one guardian, reported once', async () => {
    const codeOf = (text = '') => /\*\*([A-Z0-9-]+)\*\*/.exec(text)?.[1] ?? '';
    const dad = person('p7', 'Papa', 'fr');
    await h
      .as(teacher)
      .command('guardian add', { student: 'Hugo', email: 'papa@example.fr', language: 'fr' });
    await h
      .as(teacher)
      .command('guardian add', { student: 'Léa', email: 'papa.bis@example.fr', language: 'fr' });
    const first = await h.as(teacher).command('guardian link', { email: 'papa@example.fr' });
    await h.as(dad).command('guardian code', { code: codeOf(first.private[0]?.text) });
    // The same father, known under another address for his other child.
    const second = await h.as(teacher).command('guardian link', { email: 'papa.bis@example.fr' });
    const linked = await h.as(dad).command('guardian code', { code: codeOf(second.private[0]?.text) });
    expect(linked.private[0]?.text).toContain('Hugo, Léa');

    const guardians = await testDb.db.guardian.findMany({
      include: { links: { include: { member: true } } },
    });
    expect(guardians).toHaveLength(1);
    expect(guardians[0]).toMatchObject({ email: 'papa.bis@example.fr', platformUserId: 'p7' });
    expect(guardians[0]?.links.map((l) => l.member.displayName).sort()).toEqual(['Hugo', 'Léa']);
    // Each child once in the week's digests.
    await ensureDigestPlans(reports.kit);
    h.clock.set(new Date('2026-11-29T17:00:00Z'));
    await h.settle();
    const dms = h.platform.direct.get('p7') ?? [];
    expect(dms).toHaveLength(1);
    expect(await testDb.db.job.count({ where: { kind: 'digest.send' } })).toBe(1);
  });

  it('leaves a code unused when the link fails', async () => {
    const made = await h.as(teacher).command('guardian link', { student: 'Inès' });
    const code = /\*\*([A-Z0-9-]+)\*\*/.exec(made.private[0]?.text ?? '')?.[1] ?? '';
    const ines = await testDb.db.member.findFirstOrThrow({ where: { displayName: 'Inès' } });
    // The student is gone between the code and its use: the link cannot be made.
    await testDb.db.member.delete({ where: { id: ines.id } });
    const failed = await h.as(person('p8', 'Maman')).command('guardian code', { code });
    expect(failed.private[0]?.tone).toBe('error');
    const token = await testDb.db.oneTimeToken.findFirstOrThrow({ where: { purpose: 'guardian_link' } });
    expect(token.usedAt).toBeNull();
    expect(await testDb.db.guardian.count()).toBe(0);
  });
});
