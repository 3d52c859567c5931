// Self-paced sequences (issue 14 §1): `/sequence pace` for the teacher, `/path` for everyone — a
// student sees their own path, a teacher the spread of the class.
import type { ActionSpec, CommandSpec } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import { requireMember } from '../services/access.ts';
import { pathShow, studentPathCard } from '../services/cards/path-card.ts';
import { spreadCard } from '../services/cards/spread-card.ts';
import type { Services } from '../services/index.ts';
import { loadSpreads } from '../services/path-rules.ts';
import { type Ctx, classIdOf, dateFormatter, str } from './context.ts';

/** An integer option as typed; anything else becomes NaN so the service refuses it in words. */
function intArg(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(String(value).trim().replace(/\s*%$/, ''));
  return Number.isInteger(n) ? n : Number.NaN;
}

async function sequenceNamed(ctx: Ctx, name: string | undefined) {
  const classId = classIdOf(ctx);
  const paced = await ctx.services.paths.selfPaced(classId);
  if (!name?.trim()) return paced;
  const found = paced.filter((s) => s.name === name.trim());
  if (found.length === 0)
    throw new UserError('errors:sequence.notSelfPaced', { name: name.trim().slice(0, 80) });
  return found;
}

export const pathCommands: CommandSpec<Services>[] = [
  {
    name: 'sequence',
    sub: 'pace',
    descriptionKey: 'commands:sequence.pace.description',
    access: 'teacher',
    options: [
      {
        name: 'name',
        type: 'string',
        descriptionKey: 'commands:options.sequenceName',
        required: true,
        autocomplete: 'sequence',
        maxLength: 80,
      },
      {
        name: 'mode',
        type: 'string',
        descriptionKey: 'commands:options.paceMode',
        required: true,
        choices: [
          { value: 'self', labelKey: 'commands:pace.self' },
          { value: 'class', labelKey: 'commands:pace.class' },
        ],
      },
      { name: 'threshold', type: 'integer', descriptionKey: 'commands:options.threshold', min: 1, max: 100 },
      { name: 'stuck-days', type: 'integer', descriptionKey: 'commands:options.stuckDays', min: 1, max: 60 },
    ],
    async handler(ctx) {
      const sequence = await ctx.services.paths.setPace(classIdOf(ctx), ctx.member, {
        name: String(ctx.args.name ?? ''),
        mode: String(ctx.args.mode ?? '').trim(),
        threshold: intArg(ctx.args.threshold),
        stuckDays: intArg(ctx.args['stuck-days']),
      });
      await ctx.reply.private({
        text:
          sequence.pace === 'self'
            ? ctx.t('commands:sequence.pace.self', {
                name: sequence.name,
                percent: sequence.masteryPercent,
                count: sequence.stuckDays,
              })
            : ctx.t('commands:sequence.pace.class', { name: sequence.name }),
        tone: 'success',
      });
    },
  },
  {
    name: 'path',
    descriptionKey: 'commands:path.description',
    access: 'member',
    options: [
      {
        name: 'sequence',
        type: 'string',
        descriptionKey: 'commands:options.pathSequence',
        autocomplete: 'sequence',
        maxLength: 80,
      },
    ],
    handler: (ctx) => showPath(ctx, str(ctx.args.sequence)),
  },
];

/** "My path" under the capsule of a self-paced sequence and its reminders: /path without typing. */
export const pathActions: ActionSpec<Services>[] = [
  { action: pathShow.action, access: 'member', handler: (ctx) => showPath(ctx, undefined) },
];

/** A student's path in each self-paced sequence (or the one named); a teacher's spread. */
async function showPath(ctx: Ctx, name: string | undefined): Promise<void> {
  const member = requireMember(ctx.member);
  const sequences = await sequenceNamed(ctx, name);
  const { db, clock } = ctx.services.deps;
  if (member.role === 'teacher') {
    const spreads = [];
    for (const s of sequences) spreads.push(...(await loadSpreads(db, classIdOf(ctx), clock.now(), s.id)));
    await ctx.reply.private(spreadCard(spreads, ctx.t));
    return;
  }
  if (sequences.length === 0) {
    await ctx.reply.private({ text: ctx.t('cards:path.none') });
    return;
  }
  const format = await dateFormatter(ctx);
  for (const sequence of sequences) {
    // Catches up an opening a failure left unwritten: the path shown is always the earned one.
    await ctx.services.paths.sync(sequence.id, { memberIds: [member.id], quiet: false });
    const { paths } = await ctx.services.paths.paths(sequence.id, [member.id]);
    const path = paths[0];
    if (path) await ctx.reply.private(studentPathCard(path, sequence, ctx.t, format));
  }
}
