// The migration that makes anonymity hold also cleans data written before it, on SQLite and
// PostgreSQL: anonymous questions lose their author hash, old votes lose the per-member hash
// they shared with it, and review-poll answers leave the member-linked Answer table.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { pgUrl, postgresAvailable } from '../support/db.ts';
import { testRoot } from '../support/paths.ts';

const pgOk = await postgresAvailable();
const HASH = 'same-member-hash-0123456789abcdef';

/** Rows as they were before: a review ballot tied to Léa, her two questions and a vote sharing her hash. */
const oldRows = (now: string) => `
INSERT INTO "Class" ("id", "platform", "workspaceId", "channelId", "name", "updatedAt") VALUES ('c1', 'sandbox', 'w', 'ch', '4e B', ${now});
INSERT INTO "Member" ("id", "classId", "platformUserId", "displayName", "updatedAt") VALUES ('member-lea', 'c1', 's1', 'Léa', ${now});
INSERT INTO "Member" ("id", "classId", "platformUserId", "displayName", "updatedAt") VALUES ('m2', 'c1', 's2', 'Hugo', ${now});
INSERT INTO "Sequence" ("id", "classId", "name") VALUES ('s1', 'c1', 'Fractions');
INSERT INTO "Quiz" ("id", "sequenceId", "title", "kind") VALUES ('z1', 's1', 'Bilan', 'review');
INSERT INTO "QuizQuestion" ("id", "quizId", "position", "prompt", "options") VALUES ('q1', 'z1', 0, 'Les vidéos', '["oui","non"]');
INSERT INTO "Answer" ("id", "questionId", "memberId", "choice", "updatedAt") VALUES ('answer-lea', 'q1', 'member-lea', 1, ${now});
INSERT INTO "StudentQuestion" ("id", "classId", "text", "authorId", "authorHash", "anonymous", "updatedAt") VALUES ('n1', 'c1', 'Nommée', 'member-lea', '${HASH}', false, ${now});
INSERT INTO "StudentQuestion" ("id", "classId", "text", "authorHash", "anonymous", "updatedAt") VALUES ('x1', 'c1', 'Anonyme', '${HASH}', true, ${now});
INSERT INTO "QuestionVote" ("id", "questionId", "voterHash") VALUES ('v1', 'x1', '${HASH}');
`;

const names = (provider: 'sqlite' | 'postgres') => {
  const all = listMigrations(provider);
  const at = all.findIndex((m) => m.name.includes('anonymity-first-answer'));
  return { earlier: all.slice(0, at), ours: all[at], later: all.slice(at + 1) };
};

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

async function check(query: Query): Promise<void> {
  expect(await query(`SELECT * FROM "Answer"`)).toEqual([]);
  const ballots = await query(`SELECT * FROM "PollAnswer"`);
  expect(ballots).toHaveLength(1);
  expect(ballots[0]).toMatchObject({ questionId: 'q1', choice: 1 });
  // Random hex could hold short ids by chance: the ids here are words.
  expect(JSON.stringify(ballots)).not.toMatch(/member-lea|answer-lea|Léa/);
  const questions = await query(`SELECT * FROM "StudentQuestion"`);
  expect(questions.every((q) => !('authorHash' in q))).toBe(true);
  const votes = await query(`SELECT * FROM "QuestionVote"`);
  expect(votes.map((v) => v.voterHash)).not.toContain(HASH);
  const members = await query(`SELECT * FROM "Member"`);
  expect(members.every((m) => !('updatedAt' in m))).toBe(true);
  // Rebuilt tables keep their rows: nothing cascades away with the old table.
  expect(members).toHaveLength(2);
  expect(questions).toHaveLength(2);
  expect(votes).toHaveLength(1);
  expect(await query(`SELECT * FROM "Class"`)).toHaveLength(1);
  expect(await query(`SELECT * FROM "QuizQuestion"`)).toHaveLength(1);
}

describe('the anonymity migration on existing data', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('cleans SQLite', async () => {
    const file = path.join(testRoot, `${randomUUID()}.db`);
    const db = new Database(file);
    cleanups.push(async () => {
      db.close();
      rmSync(file, { force: true });
    });
    const { earlier } = names('sqlite');
    for (const m of earlier) db.exec(m.sql);
    db.exec(oldRows(`'2026-01-05T10:00:00.000+00:00'`));
    // The rest is applied as at a real start: by the runner, each file in its transaction.
    db.exec('CREATE TABLE _inverso_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const m of earlier)
      db.prepare('INSERT INTO _inverso_migrations VALUES (?, ?)').run(m.name, 'before');
    db.close();
    await migrate(`file:${file}`);
    const after = new Database(file);
    cleanups.push(async () => {
      after.close();
    });
    await check(async (sql) => after.prepare(sql).all() as Record<string, unknown>[]);
  });

  it.skipIf(!pgOk)('cleans PostgreSQL', async () => {
    const schema = `m_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    cleanups.push(async () => {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    });
    await client.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
    const { earlier, ours } = names('postgres');
    for (const m of earlier) await client.query(m.sql);
    await client.query(oldRows('now()'));
    await client.query(ours?.sql ?? '');
    await check(async (sql) => (await client.query(sql)).rows);
  });
});
