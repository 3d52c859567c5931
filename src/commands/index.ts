// The whole command catalogue, declared once and rendered by every platform.
import type { Catalogue, CommandSpec } from '../core/commands.ts';
import { commandKey } from '../core/commands.ts';
import type { Suggester } from '../core/dispatcher.ts';
import type { Services } from '../services/index.ts';
import { calendarCommands } from './calendar-commands.ts';
import { capsuleActions, capsuleCommands, capsuleForms } from './capsule-commands.ts';
import { classCommands } from './class-commands.ts';
import { pathActions, pathCommands } from './path-commands.ts';
import { privacyActions, privacyCommands } from './privacy-commands.ts';
import { questionActions, questionCommands, questionForms } from './question-commands.ts';
import { quizAdminActions, quizAdminCommands } from './quiz-admin-commands.ts';
import { quizActions, quizCommands, quizForms } from './quiz-commands.ts';

/** Extra declarations from other parts (reports) appended to the core catalogue. */
export type CatalogueExtension = Partial<Catalogue<Services>>;

export function buildCatalogue(extensions: CatalogueExtension[] = []): Catalogue<Services> {
  const commands: CommandSpec<Services>[] = [
    ...classCommands,
    ...capsuleCommands,
    ...quizCommands,
    ...quizAdminCommands,
    ...questionCommands,
    ...privacyCommands,
    ...calendarCommands,
    ...pathCommands,
    ...extensions.flatMap((e) => e.commands ?? []),
  ];
  const help: CommandSpec<Services> = {
    name: 'help',
    descriptionKey: 'commands:help.description',
    access: 'anyone',
    options: [],
    async handler(ctx) {
      // Lists only what the caller may run, so students never see teacher commands; once the
      // channel has a class, setting one up is no longer something anyone can do here.
      const role = ctx.member?.role ?? null;
      const lines = commands
        .filter((c) => !(ctx.classId && c.name === 'setup'))
        .filter(
          (c) => c.access === 'anyone' || (role !== null && (c.access === 'member' || c.access === role)),
        )
        .map((c) => `**/${commandKey(c)}** — ${ctx.t(c.descriptionKey)}`);
      const intro = role ? ctx.t(`commands:help.intro.${role}`) : ctx.t('commands:help.intro.none');
      await ctx.reply.private({
        title: ctx.t('commands:help.title'),
        text: `${intro}\n\n${lines.join('\n')}`,
      });
    },
  };
  return {
    commands: [...commands, help],
    forms: [...capsuleForms, ...quizForms, ...questionForms, ...extensions.flatMap((e) => e.forms ?? [])],
    actions: [
      ...capsuleActions,
      ...quizActions,
      ...quizAdminActions,
      ...questionActions,
      ...privacyActions,
      ...pathActions,
      ...extensions.flatMap((e) => e.actions ?? []),
    ],
  };
}

/** Autocomplete: capsules by number or title, sequences by name. */
export function suggester(services: Services): Suggester {
  return async (kind, classId, partial, role) => {
    if (kind === 'capsule') return services.capsules.suggest(classId, partial, role === 'teacher');
    const sequences = await services.deps.db.sequence.findMany({
      where: { classId },
      orderBy: { createdAt: 'desc' },
      take: 25,
    });
    return sequences
      .filter((s) => s.name.toLowerCase().includes(partial.toLowerCase()))
      .map((s) => ({ value: s.name, label: s.name }));
  };
}
