// Who may join a class by acting in its channel. Students join by taking part (there is no
// student roster to import); a parent who linked their platform account to a child of the class
// is a reader there, never a student, whatever they run in the channel.
import type { Actor, Place } from '../core/events.ts';
import type { Db } from '../db/client.ts';

/** Whether the actor is a guardian, on this platform, of a student of the class. */
export async function isGuardianOfClass(
  db: Db,
  classId: string,
  place: Place,
  actor: Actor,
): Promise<boolean> {
  const found = await db.guardian.findFirst({
    where: {
      platform: place.platform,
      platformUserId: actor.platformUserId,
      links: { some: { member: { classId } } },
    },
    select: { id: true },
  });
  return found !== null;
}
