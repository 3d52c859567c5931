// A digest e-mail at most once per parent and edition, crashes included (issue 12). SMTP has no
// idempotency of its own, so the send is written down in three steps in PostIntent (key
// `mail:<Message-ID>`): the row before the connection, `postedAt` while the server holds the whole
// message but has not accepted it yet (the transport holds the end of the data until it is
// written: Mailer.beforeCommit), and `ref` once the server said yes. A re-run reads where the
// last attempt stopped: no `postedAt` means the server never got the end of the data and discarded
// it, so the message is sent; `postedAt` without `ref` means the process died in the few
// milliseconds around the server's acceptance, and the message is not sent again (it may be there;
// a parent gets at most one copy). A refusal with an SMTP code is definite: the mark is cleared
// and the job's retry sends it.
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../db/client.ts';
import type { Mailer, MailMessage } from '../../mail/mailer.ts';

/** How a keyed send ended: sent now, sent before, or maybe sent by a process that stopped. */
export type MailOnceResult = 'sent' | 'already' | 'maybe';

/** Sends `message` (its messageId is the key) unless an earlier attempt did or may have. */
export async function mailOnce(
  deps: { db: Db; clock: Clock },
  mailer: Mailer,
  message: MailMessage & { messageId: string },
): Promise<MailOnceResult> {
  const { db, clock } = deps;
  const key = `mail:${message.messageId}`;
  const row = await db.postIntent.findUnique({ where: { key } });
  if (row?.ref) return 'already';
  if (row?.postedAt) return 'maybe';
  if (!row) await db.postIntent.create({ data: { key, platform: 'email', createdAt: clock.now() } });
  let failed = false;
  let marking: Promise<unknown> = Promise.resolve();
  const beforeCommit = async () => {
    if (failed) throw new Error('the send already failed');
    marking = db.postIntent.update({ where: { key }, data: { postedAt: clock.now() } });
    await marking;
  };
  try {
    await mailer.send({ ...message, beforeCommit });
  } catch (error) {
    failed = true;
    await marking.catch(() => undefined);
    // The server answered with a refusal: nothing was delivered, the retry must send it.
    if (typeof (error as { responseCode?: unknown }).responseCode === 'number')
      await db.postIntent.update({ where: { key }, data: { postedAt: null } });
    throw error;
  }
  await db.postIntent.update({
    where: { key },
    data: { ref: JSON.stringify({ messageId: message.messageId }), postedAt: clock.now() },
  });
  return 'sent';
}
