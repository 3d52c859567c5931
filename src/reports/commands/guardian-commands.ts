// /guardian add | import | list | remove | link | code: the parents who receive the digest.

import { type Ctx, classIdOf, str } from '../../commands/context.ts';
import type { CommandSpec, FormSpec } from '../../core/commands.ts';
import { UserError, UserErrors } from '../../core/errors.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Services } from '../../services/index.ts';
import type { RosterProblem } from '../guardian-import.ts';
import { RosterError } from '../guardians.ts';
import type { ReportsKit } from '../kit.ts';

const MAX_SHOWN = 25;

function problemLines(problems: RosterProblem[], t: Translate): string {
  const lines = problems
    .slice(0, MAX_SHOWN)
    .map((p) => `• ${t(`reports:guardian.problems.${p.reason}`, { value: p.value, line: p.line })}`);
  if (problems.length > MAX_SHOWN)
    lines.push(t('reports:guardian.moreProblems', { count: problems.length - MAX_SHOWN }));
  return lines.join('\n');
}

async function runImport(kit: ReportsKit, ctx: Ctx, text: string): Promise<void> {
  try {
    const result = await kit.guardians.importRoster(classIdOf(ctx), ctx.member, text);
    await ctx.reply.private({
      text: ctx.t('reports:guardian.imported', { count: result.linked, guardians: result.guardians }),
      tone: 'success',
    });
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    await ctx.reply.private({
      title: ctx.t('reports:guardian.importFailed', { count: error.problems.length }),
      text: `${ctx.t('reports:guardian.nothingWritten')}\n\n${problemLines(error.problems, ctx.t)}`,
      tone: 'error',
    });
  }
}

const languageChoices = [
  { value: 'fr', labelKey: 'commands:languages.fr' },
  { value: 'en', labelKey: 'commands:languages.en' },
] as const;

export function guardianCommands(kit: ReportsKit): {
  commands: CommandSpec<Services>[];
  forms: FormSpec<Services>[];
} {
  const commands: CommandSpec<Services>[] = [
    {
      name: 'guardian',
      sub: 'add',
      descriptionKey: 'reports:commands.guardianAdd',
      access: 'teacher',
      options: [
        { name: 'student', type: 'user', descriptionKey: 'reports:options.student', required: true },
        {
          name: 'email',
          type: 'string',
          descriptionKey: 'reports:options.email',
          required: true,
          maxLength: 254,
        },
        {
          name: 'language',
          type: 'string',
          descriptionKey: 'reports:options.language',
          required: true,
          choices: [...languageChoices],
        },
      ],
      async handler(ctx) {
        const added = await kit.guardians.add(classIdOf(ctx), ctx.member, {
          student: String(ctx.args.student),
          email: String(ctx.args.email),
          language: String(ctx.args.language),
        });
        const lines = [
          ctx.t('reports:guardian.added', {
            email: added.guardian.email ?? '',
            student: added.student.displayName,
          }),
        ];
        if (added.guardian.language !== ctx.args.language)
          lines.push(ctx.t('reports:guardian.languageKept', { language: added.guardian.language }));
        const text = lines.join('\n');
        await ctx.reply.private(
          added.unsubscribed
            ? { text: `${text}\n${ctx.t('reports:guardian.wasUnsubscribed')}`, tone: 'warning' }
            : { text, tone: 'success' },
        );
      },
    },
    {
      name: 'guardian',
      sub: 'import',
      descriptionKey: 'reports:commands.guardianImport',
      access: 'teacher',
      options: [{ name: 'csv', type: 'text', descriptionKey: 'reports:options.csv', maxLength: 4000 }],
      form: 'guardian.import',
      async handler(ctx) {
        const text = str(ctx.args.csv);
        if (!text) {
          await ctx.reply.openForm({ form: 'guardian.import' });
          return;
        }
        await runImport(kit, ctx, text);
      },
    },
    {
      name: 'guardian',
      sub: 'list',
      descriptionKey: 'reports:commands.guardianList',
      access: 'teacher',
      options: [],
      async handler(ctx) {
        const entries = await kit.guardians.list(classIdOf(ctx), ctx.member);
        const lines = entries.map((g) => {
          const flags = [
            g.language,
            ...(g.onPlatform ? [ctx.t('reports:guardian.onPlatform')] : []),
            ...(g.unsubscribed ? [ctx.t('reports:guardian.unsubscribed')] : []),
          ].join(' · ');
          return `• ${g.email ?? ctx.t('reports:guardian.noEmail')} → ${g.students.join(', ')} (${flags})`;
        });
        await ctx.reply.private({
          title: ctx.t('reports:guardian.listTitle', { count: entries.length }),
          text: lines.length ? lines.join('\n') : ctx.t('reports:guardian.none'),
        });
      },
    },
    {
      name: 'guardian',
      sub: 'remove',
      descriptionKey: 'reports:commands.guardianRemove',
      access: 'teacher',
      options: [
        {
          name: 'email',
          type: 'string',
          descriptionKey: 'reports:options.email',
          required: true,
          maxLength: 254,
        },
        { name: 'student', type: 'user', descriptionKey: 'reports:options.studentOptional' },
      ],
      async handler(ctx) {
        const count = await kit.guardians.remove(
          classIdOf(ctx),
          ctx.member,
          String(ctx.args.email),
          str(ctx.args.student),
        );
        await ctx.reply.private({ text: ctx.t('reports:guardian.removed', { count }), tone: 'success' });
      },
    },
    {
      name: 'guardian',
      sub: 'link',
      descriptionKey: 'reports:commands.guardianLink',
      access: 'teacher',
      options: [
        { name: 'student', type: 'user', descriptionKey: 'reports:options.studentOptional' },
        { name: 'email', type: 'string', descriptionKey: 'reports:options.emailOptional', maxLength: 254 },
      ],
      async handler(ctx) {
        const { code, expiresAt, student } = await kit.codes.create(classIdOf(ctx), ctx.member, {
          student: str(ctx.args.student),
          email: str(ctx.args.email),
        });
        const klass = await ctx.services.classes.get(classIdOf(ctx));
        await ctx.reply.private({
          title: ctx.t('reports:guardian.codeTitle', { student }),
          text: ctx.t('reports:guardian.codeText', {
            code,
            until: ctx.services.deps.i18n.formatDate(expiresAt, ctx.locale, klass.timeZone),
          }),
          tone: 'info',
        });
      },
    },
    {
      // Run by the parent, ideally in a private conversation with the bot: it works anywhere.
      name: 'guardian',
      sub: 'code',
      descriptionKey: 'reports:commands.guardianCode',
      access: 'anyone',
      registers: false,
      options: [
        {
          name: 'code',
          type: 'string',
          descriptionKey: 'reports:options.code',
          required: true,
          maxLength: 20,
        },
      ],
      async handler(ctx) {
        const { students } = await kit.codes.redeem(String(ctx.args.code), ctx.actor, ctx.place);
        await ctx.reply.private({
          text: ctx.t('reports:guardian.linked', { students: students.join(', ') }),
          tone: 'success',
        });
      },
    },
  ];
  const forms: FormSpec<Services>[] = [
    {
      id: 'guardian.import',
      titleKey: 'reports:guardian.formTitle',
      access: 'teacher',
      fields: [
        {
          id: 'csv',
          labelKey: 'reports:guardian.formLabel',
          style: 'paragraph',
          required: true,
          maxLength: 4000,
          placeholderKey: 'reports:guardian.formPlaceholder',
        },
      ],
      async handler(ctx) {
        let result: { linked: number; guardians: number };
        try {
          result = await kit.guardians.importRoster(classIdOf(ctx), ctx.member, ctx.values.csv ?? '');
        } catch (error) {
          if (!(error instanceof RosterError)) throw error;
          // In the form, every bad line is shown next to the roster, which stays as typed.
          throw new UserErrors(
            error.problems.map(
              (p) =>
                new UserError(
                  `reports:guardian.problems.${p.reason}`,
                  { value: p.value, line: p.line },
                  'csv',
                ),
            ),
          );
        }
        await ctx.reply.private({
          text: ctx.t('reports:guardian.imported', { count: result.linked, guardians: result.guardians }),
          tone: 'success',
        });
      },
    },
  ];
  return { commands, forms };
}
