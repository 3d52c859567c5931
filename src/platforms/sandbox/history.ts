// The sandbox's log kept in the database, so that after a restart the page shows the class's
// messages again and their buttons still work (a button carries its action and ids, and the core's
// stored refs name these same messages). Writes go one after the other in the background; the
// platform waits for them where it matters (a post returns once its message is stored).
import type { Card } from '../../core/card.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../db/client.ts';
import type { MessageKind, SandboxMessage } from './message-log.ts';

/** A message read back, with the idempotency key it was posted under. */
export interface StoredMessage {
  message: SandboxMessage;
  key?: string;
}

/** Where the sandbox keeps its log. */
export interface SandboxHistory {
  /** The last `limit` messages of the workspace, oldest first. */
  load(limit: number): Promise<StoredMessage[]>;
  add(message: SandboxMessage, key?: string): void;
  replace(message: SandboxMessage): void;
  /** Resolves once every write asked so far is done. */
  flush(): Promise<void>;
}

/** How many messages the table keeps per workspace: older ones are deleted as new ones come. */
const KEEP = 5000;

/** A card as JSON: image bytes as base64. */
export function cardToJson(card: Card): string {
  const image = card.image && { ...card.image, png: Buffer.from(card.image.png).toString('base64') };
  return JSON.stringify(image ? { ...card, image } : card);
}

export function cardFromJson(json: string): Card {
  const card = JSON.parse(json) as Card & { image?: { png: unknown } };
  if (card.image && typeof card.image.png === 'string') {
    card.image = { ...card.image, png: new Uint8Array(Buffer.from(card.image.png, 'base64')) };
  }
  return card;
}

/** The sandbox's history in the bot's database (SQLite or PostgreSQL). */
export function databaseHistory(db: Db, workspaceId: string, logger: Logger): SandboxHistory {
  let queue: Promise<void> = Promise.resolve();
  let writes = 0;
  const enqueue = (write: () => Promise<unknown>): void => {
    queue = queue.then(write).then(
      () => undefined,
      // The page still shows it: only what a restart would bring back is lost.
      (error: unknown) => logger.warn({ err: error }, 'sandbox: could not store a message'),
    );
  };
  const seqOf = (id: string) => Number(id.slice(1));
  return {
    async load(limit) {
      const rows = await db.sandboxMessage.findMany({
        where: { workspaceId },
        orderBy: { seq: 'desc' },
        take: limit,
      });
      return rows.reverse().map((row) => {
        const message: SandboxMessage = {
          id: `m${row.seq}`,
          kind: row.kind as MessageKind,
          channelId: row.channelId,
          at: row.at,
        };
        if (row.recipient !== null) message.to = row.recipient;
        if (row.card !== null) message.card = cardFromJson(row.card);
        if (row.command !== null) message.command = row.command;
        if (row.updatedAt !== null) message.updatedAt = row.updatedAt;
        return row.idempotencyKey === null ? { message } : { message, key: row.idempotencyKey };
      });
    },
    add(message, key) {
      const seq = seqOf(message.id);
      enqueue(() =>
        db.sandboxMessage.create({
          data: {
            seq,
            workspaceId,
            channelId: message.channelId,
            kind: message.kind,
            recipient: message.to ?? null,
            card: message.card ? cardToJson(message.card) : null,
            command: message.command ?? null,
            idempotencyKey: key ?? null,
            at: message.at,
          },
        }),
      );
      writes += 1;
      if (writes % 200 === 0) {
        enqueue(() => db.sandboxMessage.deleteMany({ where: { workspaceId, seq: { lte: seq - KEEP } } }));
      }
    },
    replace(message) {
      const card = message.card ? cardToJson(message.card) : null;
      enqueue(() =>
        db.sandboxMessage.updateMany({
          where: { seq: seqOf(message.id) },
          data: { card, updatedAt: message.updatedAt ?? null },
        }),
      );
    },
    flush: () => queue,
  };
}
