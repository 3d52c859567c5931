// Small helpers shared by the command declarations.
import type { BaseContext, OptionSpec } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import { longStyle } from '../i18n/i18n.ts';
import type { Services } from '../services/index.ts';

/** The context every Inverso handler receives. */
export type Ctx = BaseContext<Services>;

export function classIdOf(ctx: Ctx): string {
  if (!ctx.classId) throw new UserError('errors:noClass');
  return ctx.classId;
}

export function str(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UserError('errors:capsule.badMinutes', { max: 180 });
  return n;
}

/** A date in the actor's language and the class's zone, with the year when it is not this year. */
export async function dateFormatter(ctx: Ctx): Promise<(d: Date) => string> {
  const klass = await ctx.services.classes.get(classIdOf(ctx));
  const { i18n, clock } = ctx.services.deps;
  return (d: Date) =>
    i18n.formatDate(d, ctx.locale, klass.timeZone, longStyle(d, clock.now(), klass.timeZone));
}

/** The required capsule option (number, #number or start of the title), with suggestions. */
export const capsuleOption: OptionSpec = {
  name: 'capsule',
  type: 'string',
  descriptionKey: 'commands:options.capsule',
  required: true,
  autocomplete: 'capsule',
  maxLength: 100,
};
