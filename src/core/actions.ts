// Button and menu arguments, declared once per action: the card that builds a control and the
// handler that reads the click share one typed declaration, instead of agreeing on positions.
import type { Access, ActionContext, ActionSpec } from './commands.ts';

/** The arguments an action's controls carry: required ones always, optional ones when given. */
export type ActionValues<R extends string, O extends string> = { [K in R]: string } & { [K in O]?: string };

/** What a handler reads back: a missing required argument reads as '' (the service then refuses it). */
export type ActionRead<R extends string, O extends string> = { [K in R]: string } & {
  [K in O]: string | undefined;
};

/** One action's id and the names of its arguments, in the order they travel. */
export interface ActionKey<R extends string, O extends string = never> {
  readonly action: string;
  /** The `action` and `args` of a control (spread into a button or a menu). */
  with(values: ActionValues<R, O>): { action: string; args: string[] };
  /** The named arguments of a click. */
  read(args: readonly string[]): ActionRead<R, O>;
}

/**
 * Declares an action: `actionKey('quiz.answer', ['questionId'], ['choice'])`. Optional arguments
 * come last, so a control that leaves them out (a menu sends its choice as the value) stays short.
 */
export function actionKey<const R extends readonly string[], const O extends readonly string[] = []>(
  action: string,
  required: R,
  optional?: O,
): ActionKey<R[number], O[number]> {
  const names: string[] = [...required, ...(optional ?? [])];
  const requiredCount = required.length;
  return {
    action,
    with(values) {
      const given = values as Record<string, string | undefined>;
      const args = names.map((name) => given[name]);
      // Trailing optional arguments that were not given do not travel at all.
      while (args.length > requiredCount && args[args.length - 1] === undefined) args.pop();
      return { action, args: args.map((a) => a ?? '') };
    },
    read(args) {
      const read: Record<string, string | undefined> = {};
      names.forEach((name, i) => {
        read[name] = i < requiredCount ? (args[i] ?? '') : args[i];
      });
      return read as ActionRead<R[number], O[number]>;
    },
  };
}

/** An action handler that receives its arguments by name, read through its declaration. */
export function onAction<S, R extends string, O extends string>(
  key: ActionKey<R, O>,
  access: Access,
  handler: (ctx: ActionContext<S>, args: ActionRead<R, O>) => Promise<void>,
): ActionSpec<S> {
  return { action: key.action, access, handler: (ctx) => handler(ctx, key.read(ctx.args)) };
}
