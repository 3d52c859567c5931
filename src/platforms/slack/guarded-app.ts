// Bolt reads `body.user.id` of every interactive payload before any listener or middleware runs,
// so a signed `block_actions` (or view, shortcut, suggestion) without a `user` made it throw and
// Slack's request get a 500. Such a payload names nobody to act for: it is acknowledged (200) and
// ignored here, before Bolt looks at it, on both receivers (HTTP and Socket Mode).
import { App, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

const interactive = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
]);

/** Whether an interactive payload lacks the user Bolt needs. Slash commands and events pass. */
export function lacksActor(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { type, user } = body as { type?: unknown; user?: unknown };
  if (typeof type !== 'string' || !interactive.has(type)) return false;
  return typeof (user as { id?: unknown } | null | undefined)?.id !== 'string';
}

/** A Bolt App that drops interactive payloads naming no user, with an empty acknowledgement. */
export function guardedApp(options: ConstructorParameters<typeof App>[0], logger: Logger): App {
  const app = new App(options);
  const processEvent = app.processEvent.bind(app);
  // processEvent is Bolt's public entry for receivers; wrapping it keeps both receivers covered.
  app.processEvent = async (event: ReceiverEvent) => {
    if (!lacksActor(event.body)) return processEvent(event);
    logger.warn({ type: (event.body as { type?: string }).type }, 'Slack payload without a user ignored');
    await event.ack();
  };
  return app;
}
