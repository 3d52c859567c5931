// Anonymity held against someone who reads the whole database and the logs: several students ask
// named and anonymous questions and vote; then every value of every row of every table is
// compared, and no chain of equal values may lead from an anonymous question to its author.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type DumpedRow, dumpAll, isTimeColumn, normalise } from '../support/db-dump.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo', 'en-GB');
const ines = person('s3', 'Inès');
const noe = person('s4', 'Noé');
const zoe = person('s5', 'Zoé');

/** Values too common to identify anything: flags, counts, states, empty JSON. */
function identifying(value: string | null): value is string {
  if (value === null) return false;
  if (/^-?\d{1,4}$/.test(value) || value === 'true' || value === 'false') return false;
  return value.length >= 8 && value !== '{}' && value !== '[]';
}

/** Records every log line, to check none names the author of an anonymous question. */
function recordingLogger(lines: string[]): Logger {
  const log = (obj: object, msg?: string) => lines.push(JSON.stringify({ ...obj, msg }));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

/**
 * Rows joined by equal values, as a union-find over every identifying value. Ids of what the whole
 * class shares (the class, capsules, quizzes) are genuinely shared and do not join.
 */
function components(rows: DumpedRow[], shared: Set<string>): number[] {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWith = new Map<string, number>();
  rows.forEach(({ row }, i) => {
    for (const [column, raw] of Object.entries(row)) {
      if (isTimeColumn(column)) continue; // times are checked per operation, below
      const value = normalise(raw);
      if (!identifying(value) || shared.has(value)) continue;
      const seen = firstWith.get(value);
      if (seen === undefined) firstWith.set(value, i);
      else parent[find(i)] = find(seen);
    }
  });
  return rows.map((_, i) => find(i));
}

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`anonymous questions on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;
    const logs: string[] = [];

    beforeEach(async () => {
      logs.length = 0;
      testDb = await provider.open();
      h = harness(testDb, undefined, [], recordingLogger(logs));
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      for (const s of [lea, hugo, ines, noe]) await h.as(s).command('help');
      await h.as(teacher).command('capsule schedule', {
        title: 'Les fractions',
        url: 'https://video.example/f',
        publish: 'lundi 18h',
        session: 'jeudi 10h',
      });
      await h.as(teacher).command('quiz create', { capsule: '1', text: '? 1/2 + 1/4 ?\n- 2/6\n* 3/4' });
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
    });
    afterEach(async () => testDb.close());

    it('leaves no chain of equal values from an anonymous question to its author', async () => {
      const db = testDb.db;
      const capsule = await db.capsule.findFirstOrThrow();
      const [q1] = await db.quizQuestion.findMany();
      const step = async <T>(work: () => Promise<T>): Promise<T> => {
        h.clock.advance(7_000);
        return work();
      };
      const ask = (who: typeof lea, text: string, mode: 'anon' | 'named') =>
        step(() => h.as(who).submit('question.ask', [capsule.id, mode], { text }));
      const idOf = async (text: string) =>
        (await db.studentQuestion.findFirstOrThrow({ where: { text } })).id;
      const vote = (who: typeof lea, text: string) =>
        step(async () => h.as(who).click('question.upvote', [await idOf(text)]));

      for (const s of [lea, hugo, ines, noe]) {
        await step(() => h.as(s).click('capsule.watched', [capsule.id]));
        await step(() => h.as(s).click('quiz.answer', [q1!.id, s === hugo ? '0' : '1']));
      }
      await ask(lea, 'Léa, nommée : et trois fractions ?', 'named');
      await ask(hugo, 'Hugo, nommé : pourquoi 4 ?', 'named');
      await vote(lea, 'Hugo, nommé : pourquoi 4 ?');
      await vote(ines, 'Hugo, nommé : pourquoi 4 ?');
      await vote(hugo, 'Léa, nommée : et trois fractions ?');

      // Léa changes her display name just before asking anonymously: her member row must not
      // carry a "last active" time of that moment.
      const leaRenamed = { ...lea, displayName: 'Léa M.' };
      const before = await dumpAll(testDb);
      const logsBefore = logs.length;
      await ask(leaRenamed, 'Anonyme A : je ne comprends rien', 'anon');
      const after = await dumpAll(testDb);
      const askedAt = h.clock.now().getTime();
      const leaId = (await db.member.findFirstOrThrow({ where: { platformUserId: 's1' } })).id;
      const askLogs = logs.slice(logsBefore).join('\n');
      for (const trace of [leaId, '"s1"', 'Léa']) expect(askLogs).not.toContain(trace);

      await ask(hugo, 'Anonyme B : et les négatifs ?', 'anon');
      await ask(noe, 'Anonyme C : et les décimaux ?', 'anon');
      // Zoé's very first action is an anonymous question: her member row is created then, dated
      // by the day only.
      await ask(zoe, 'Anonyme D : première fois ici', 'anon');
      const zoeRow = await db.member.findFirstOrThrow({ where: { platformUserId: 's5' } });
      expect(zoeRow.createdAt.getTime() % 86_400_000).toBe(0);
      await vote(leaRenamed, 'Anonyme B : et les négatifs ?');
      await vote(hugo, 'Anonyme A : je ne comprends rien');
      await vote(ines, 'Anonyme A : je ne comprends rien');
      await vote(ines, 'Anonyme B : et les négatifs ?');
      await vote(noe, 'Léa, nommée : et trois fractions ?');
      await vote(noe, 'Anonyme A : je ne comprends rien');
      await step(() => h.as(teacher).click('question.mark', [anonymousA(after), 'selected']));
      await h.settle();

      // One anonymous question written, nothing else touched, no time of that moment elsewhere.
      const key = (r: DumpedRow) =>
        `${r.table}:${JSON.stringify(Object.entries(r.row).map(([c, v]) => [c, normalise(v)]))}`;
      const old = new Set(before.map(key));
      const changed = after.filter((r) => !old.has(key(r)));
      expect(changed.filter((r) => r.table !== 'Member').map((r) => r.table)).toEqual(['StudentQuestion']);
      for (const r of changed.filter((c) => c.table === 'Member')) {
        const previous = before.find((b) => b.table === 'Member' && b.row.id === r.row.id)?.row ?? {};
        const moved = Object.keys(r.row).filter((c) => normalise(r.row[c]) !== normalise(previous[c]));
        expect(moved.filter(isTimeColumn)).toEqual([]);
      }

      const rows = await dumpAll(testDb);
      const timesAtAsk = rows.filter(({ table, row }) =>
        Object.entries(row).some(
          ([c, v]) => isTimeColumn(c) && table !== 'StudentQuestion' && timeOf(v) === askedAt,
        ),
      );
      expect(timesAtAsk).toEqual([]);

      const members = rows.filter((r) => r.table === 'Member');
      const memberOf = (platformUserId: string) =>
        String(members.find((m) => m.row.platformUserId === platformUserId)?.row.id);
      const shared = new Set(
        rows
          .filter((r) => ['Class', 'Capsule', 'Sequence', 'Quiz', 'QuizQuestion'].includes(r.table))
          .map((r) => String(r.row.id)),
      );
      const comp = components(rows, shared);
      const anonymous = rows
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.table === 'StudentQuestion' && String(r.row.text).startsWith('Anonyme'));
      expect(anonymous).toHaveLength(4);
      const authors: Record<string, string> = { A: 's1', B: 's2', C: 's4', D: 's5' };
      for (const { r, i } of anonymous) {
        const author = memberOf(authors[String(r.row.text).slice(8, 9)] ?? '');
        const linked = rows.filter((_, j) => comp[j] === comp[i]);
        // What joins an anonymous question: the votes on it, the teacher's mark, and nothing that
        // names a student.
        expect(linked.filter((l) => l.table === 'QuestionVote')).toHaveLength(Number(r.row.upvotes));
        expect(linked.filter((l) => l.table === 'StudentQuestion')).toEqual([r]);
        const values = linked.flatMap((l) => Object.values(l.row).map(normalise));
        expect(values).not.toContain(author);
        for (const m of members.filter((m) => m.row.role === 'student')) {
          expect(values).not.toContain(String(m.row.id));
        }
      }
      // Each vote key appears once: a student's votes cannot be gathered, nor matched to their
      // questions.
      const voteKeys = rows.filter((r) => r.table === 'QuestionVote').map((r) => String(r.row.voterHash));
      expect(new Set(voteKeys).size).toBe(voteKeys.length);
      expect(voteKeys).toHaveLength(9);
    });

    it('still limits how often a student asks, and one vote each, not on their own question', async () => {
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      for (let i = 0; i < 5; i++) {
        const mode = i % 2 ? 'anon' : 'named';
        const sent = await h.as(lea).submit('question.ask', [capsule.id, mode], { text: `Question ${i} ?` });
        expect(sent.private[0]?.tone).toBe('success');
      }
      const sixth = await h.as(lea).submit('question.ask', [capsule.id, 'anon'], { text: 'Encore une ?' });
      expect(sixth.private[0]?.text).toContain('10 minutes');
      expect(await testDb.db.studentQuestion.count()).toBe(5);
      const mine = await testDb.db.studentQuestion.findFirstOrThrow({ where: { text: 'Question 1 ?' } });
      expect((await h.as(lea).click('question.upvote', [mine.id])).private[0]?.tone).toBe('error');
      expect((await h.as(hugo).click('question.upvote', [mine.id])).private[0]?.tone).toBe('success');
      expect((await h.as(hugo).click('question.upvote', [mine.id])).private[0]?.tone).toBe('error');
      h.clock.advance(11 * 60_000);
      const later = await h.as(lea).submit('question.ask', [capsule.id, 'anon'], { text: 'Et là ?' });
      expect(later.private[0]?.tone).toBe('success');
    });
  });
}

function timeOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value)) return Date.parse(value);
  return null;
}

function anonymousA(rows: DumpedRow[]): string {
  const row = rows.find((r) => r.table === 'StudentQuestion' && String(r.row.text).startsWith('Anonyme A'));
  return String(row?.row.id);
}
