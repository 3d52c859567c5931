// The offer made to the teacher after /setup: three ready texts to start the method (a message to
// the class, a poll on the class's own rules, a letter to parents), each previewed before it goes.
import { actionKey } from '../../core/actions.ts';
import type { Card } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';

/** The three texts. */
export const KICKOFF_KINDS = ['message', 'poll', 'letter'] as const;

/** One of them. */
export type KickoffKind = (typeof KICKOFF_KINDS)[number];

/** Shows one text to the teacher, privately. */
export const kickoffPreview = actionKey('kickoff.preview', ['kind']);
/** Sends it (to the channel, or to the parents). */
export const kickoffSend = actionKey('kickoff.send', ['kind']);

/** The private offer: what each text is for, and a button to read it before sending. */
export function kickoffOfferCard(t: Translate): Card {
  return {
    title: t('cards:kickoff.offerTitle'),
    text: t('cards:kickoff.offerText'),
    controls: [
      KICKOFF_KINDS.map((kind) => ({
        kind: 'button' as const,
        ...kickoffPreview.with({ kind }),
        label: t(`cards:kickoff.preview.${kind}`),
      })),
    ],
  };
}
