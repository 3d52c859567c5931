// When a capsule goes out well after its time (a whole académie publishing at Monday 08:00 waits
// behind the platform's rate limit, or the bot was down), the class's teachers are told why, once.
import type { Capsule, Class } from '../../db/models.ts';
import type { Services } from '../index.ts';

/** A publication later than this is explained to the teachers. */
export const publishDelayNoticeMs = 5 * 60_000;

const platformNames: Record<string, string> = { discord: 'Discord', slack: 'Slack', sandbox: 'Inverso' };

/**
 * Tells the class's teachers privately that the capsule went out late, and why. The caller calls it
 * only for the run that posted the card, so a repeated job does not tell them twice.
 */
export async function tellPublishDelay(services: Services, capsule: Capsule, klass: Class): Promise<boolean> {
  const { db, clock, i18n } = services.deps;
  const late = clock.now().getTime() - capsule.publishAt.getTime();
  if (late <= publishDelayNoticeMs || !services.outbox.available(klass)) return false;
  const teachers = await db.member.findMany({ where: { classId: klass.id, role: 'teacher' } });
  for (const teacher of teachers) {
    const locale = teacher.locale ?? klass.language;
    const t = i18n.t(locale);
    await services.outbox
      .direct(
        klass,
        teacher,
        {
          title: t('cards:delay.title'),
          text: t('cards:delay.text', {
            number: capsule.number,
            title: capsule.title,
            due: services.outbox.formatter(klass, locale)(capsule.publishAt),
            minutes: Math.round(late / 60_000),
            platform: platformNames[klass.platform] ?? klass.platform,
          }),
          tone: 'warning',
        },
        `delay:${capsule.id}:${teacher.id}`,
      )
      // The capsule is out: a notice that cannot be sent must not make the publication retry.
      .catch((error: unknown) =>
        services.deps.logger.warn({ err: error, capsuleId: capsule.id }, 'could not tell the delay'),
      );
  }
  return teachers.length > 0;
}
