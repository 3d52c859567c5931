// The sandbox's demo class, so `npm start` on an empty machine shows the whole cycle at once: a
// teacher, four students, and a first capsule with its quiz, scheduled a few minutes ahead.
import type { Actor, Place } from '../core/events.ts';
import type { Services } from './index.ts';

/** The demo people, as the sandbox shows them. */
export interface DemoPerson extends Actor {
  role: 'teacher' | 'student';
}

export const demoPeople: DemoPerson[] = [
  { platformUserId: 'teacher', displayName: 'Mme Martin', locale: 'fr', role: 'teacher' },
  { platformUserId: 'lea', displayName: 'Léa', locale: 'fr', role: 'student' },
  { platformUserId: 'hugo', displayName: 'Hugo', locale: 'fr', role: 'student' },
  { platformUserId: 'ines', displayName: 'Inès', locale: 'fr', role: 'student' },
  { platformUserId: 'sam', displayName: 'Sam', locale: 'en', role: 'student' },
];

/** Creates the demo class once; later starts find it and change nothing. */
export async function seedDemo(services: Services, place: Place): Promise<boolean> {
  if (await services.classes.findByPlace(place)) return false;
  const [teacher, ...students] = demoPeople as [DemoPerson, ...DemoPerson[]];
  const language = services.deps.defaults.language;
  const t = services.deps.i18n.t(language);
  const klass = await services.classes.setup(place, teacher, {
    name: t('common:demo.className'),
    level: 'college',
  });
  for (const student of students) await services.classes.ensureMember(klass.id, student);
  const member = await services.classes.resolve(place, teacher);
  const now = services.deps.clock.now();
  const { capsule } = await services.capsules.schedule(klass.id, member?.member ?? null, {
    title: t('common:demo.capsuleTitle'),
    url: 'https://fr.wikipedia.org/wiki/Fraction_(math%C3%A9matiques)',
    publish: new Date(now.getTime() + 10 * 60_000),
    session: new Date(now.getTime() + 2 * 24 * 3600_000),
    minutes: 6,
  });
  await services.quizzes.create(
    klass.id,
    member?.member ?? null,
    String(capsule.number),
    t('common:demo.quiz'),
  );
  return true;
}

/** The next publication, reminder and class session of a class: where the sandbox clock can jump. */
export async function upcomingMoments(
  services: Services,
  place: Place,
): Promise<{ publish?: Date; reminder?: Date; session?: Date }> {
  const klass = await services.classes.findByPlace(place);
  if (!klass) return {};
  const { db, clock } = services.deps;
  const now = clock.now();
  const publish = await db.capsule.findFirst({
    where: { classId: klass.id, status: 'scheduled', publishAt: { gt: now } },
    orderBy: { publishAt: 'asc' },
  });
  const reminder = await db.job.findFirst({
    where: { classId: klass.id, kind: 'capsule.reminder', state: 'pending', dueAt: { gt: now } },
    orderBy: { dueAt: 'asc' },
  });
  const session = await db.capsule.findFirst({
    where: { classId: klass.id, status: { not: 'cancelled' }, sessionAt: { gt: now } },
    orderBy: { sessionAt: 'asc' },
  });
  return {
    ...(publish ? { publish: publish.publishAt } : {}),
    ...(reminder ? { reminder: reminder.dueAt } : {}),
    ...(session ? { session: session.sessionAt } : {}),
  };
}
