// /progress: a student sees only their own; a teacher sees one student or the class table, and
// with csv:true gets the class results as CSV (a signed download link, and the text when short).

import { type Ctx, classIdOf, str } from '../../commands/context.ts';
import type { CommandSpec } from '../../core/commands.ts';
import { UserError } from '../../core/errors.ts';
import { requireMember } from '../../services/access.ts';
import type { Services } from '../../services/index.ts';
import { findStudent } from '../../services/members.ts';
import { lockedFor } from '../../services/path-access.ts';
import { csvRowCount, csvSeparator, progressCsv } from '../csv.ts';
import { csvLink } from '../dashboard/csv-link.ts';
import { spreadSection } from '../path-spread.ts';
import { progressCapsules, progressLines } from '../progress.ts';
import { classProgressCard, studentProgressCard } from '../progress-card.ts';

/** CSV text shown inline in chat up to this size; past it, only the link. */
const INLINE_CSV = 1800;

async function sequenceOf(ctx: Ctx, name: string | undefined): Promise<{ id: string | null; label: string }> {
  if (!name) return { id: null, label: ctx.t('reports:progress.allCapsules') };
  const sequence = await ctx.services.deps.db.sequence.findUnique({
    where: { classId_name: { classId: classIdOf(ctx), name: name.trim() } },
  });
  if (!sequence) throw new UserError('reports:errors.sequenceNotFound', { name: name.slice(0, 80) });
  return { id: sequence.id, label: ctx.t('reports:progress.sequence', { name: sequence.name }) };
}

async function sendCsv(ctx: Ctx, sequenceId: string | null): Promise<void> {
  const { db, i18n } = ctx.services.deps;
  const classId = classIdOf(ctx);
  const member = requireMember(ctx.member);
  const rows = await csvRowCount(db, classId, sequenceId);
  const url = csvLink(ctx.services.deps, { classId, memberId: member.id, sequenceId, now: ctx.now });
  const klass = await ctx.services.classes.get(classId);
  let text = ctx.t('reports:progress.csvText', { count: rows, minutes: 15 });
  if (rows > 0) {
    let csv = '';
    for await (const chunk of progressCsv(db, {
      classId,
      sequenceId,
      t: ctx.t,
      formatDate: (d) => i18n.formatDate(d, ctx.locale, klass.timeZone, 'short'),
      separator: csvSeparator(ctx.locale),
    })) {
      csv += chunk;
      if (csv.length > INLINE_CSV) break;
    }
    if (csv.length <= INLINE_CSV) text += `\n\`\`\`\n${csv.replace(/^\uFEFF/, '')}\`\`\``;
  }
  await ctx.reply.private({
    title: ctx.t('reports:progress.csvTitle'),
    text,
    controls: [[{ kind: 'link', url, label: ctx.t('reports:progress.download') }]],
  });
}

export function progressCommands(): CommandSpec<Services>[] {
  return [
    {
      name: 'progress',
      descriptionKey: 'reports:commands.progress',
      access: 'member',
      options: [
        { name: 'user', type: 'user', descriptionKey: 'reports:options.userOptional' },
        {
          name: 'sequence',
          type: 'string',
          descriptionKey: 'reports:options.sequence',
          autocomplete: 'sequence',
          maxLength: 80,
        },
        { name: 'csv', type: 'boolean', descriptionKey: 'reports:options.progressCsv' },
      ],
      async handler(ctx) {
        const member = requireMember(ctx.member);
        const { db } = ctx.services.deps;
        const classId = classIdOf(ctx);
        const userRef = str(ctx.args.user);
        const scope = await sequenceOf(ctx, str(ctx.args.sequence));
        if (member.role !== 'teacher') {
          // A student's own progress only: naming anyone else (or asking for the class CSV) is refused.
          if (ctx.args.csv === true) throw new UserError('errors:teachersOnly');
          if (userRef) {
            const target = await findStudent(db, classId, userRef);
            if (target.id !== member.id) throw new UserError('reports:errors.ownProgressOnly');
          }
        }
        if (ctx.args.csv === true) return sendCsv(ctx, scope.id);
        const capsules = await progressCapsules(db, classId, scope.id);
        if (member.role === 'teacher' && !userRef) {
          const lines = await progressLines(db, classId, capsules);
          const card = classProgressCard(lines, capsules, ctx.t, scope.label);
          // Self-paced sequences in scope: the spread and who is stuck (issue 14 §1).
          const spread = await spreadSection(db, classId, ctx.now, ctx.t, scope.id);
          await ctx.reply.private(spread ? { ...card, text: `${card.text}\n\n${spread}` } : card);
          return;
        }
        const targetId =
          userRef && member.role === 'teacher' ? (await findStudent(db, classId, userRef)).id : member.id;
        // Capsules still locked on the student's self-paced path are left out, never "not watched".
        const locked = await lockedFor(db, capsules, targetId);
        const open = capsules.filter((c) => !locked.has(c.id));
        const [line] = await progressLines(db, classId, open, [targetId]);
        if (!line) throw new UserError('reports:errors.notAStudent');
        await ctx.reply.private(studentProgressCard(line, open, ctx.t, scope.label));
      },
    },
  ];
}
