// Slack's autocomplete: a command run without the one thing it needs (`/quiz create`,
// `/capsule cancel`) answers with a searchable menu (external_select) of capsules; Slack asks for
// options as the person types (block_suggestion), and the choice runs the command. The menu's
// action id names the command and the option: `iv.ac|quiz create|capsule`.
import type { types } from '@slack/bolt';
import type { OptionSpec } from '../../core/commands.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { SlackContext } from './context.ts';
import { slackPlace } from './context.ts';
import { blockIdFor, channelOfBlock, LIMITS, parsePicker, pickerActionId } from './controls.ts';
import { clip, escapeSlack } from './mrkdwn.ts';
import type { SlackMessage } from './render.ts';

/** The ephemeral message with the menu. */
export function pickerMessage(
  key: string,
  option: OptionSpec,
  t: Translate,
  channelId: string,
): SlackMessage {
  const prompt = `*/${escapeSlack(key)}* — ${escapeSlack(t(option.descriptionKey))}`;
  return {
    text: prompt,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: prompt } },
      {
        type: 'actions',
        block_id: blockIdFor(channelId, 0),
        elements: [
          {
            type: 'external_select',
            action_id: pickerActionId(key, option.name),
            min_query_length: 0,
            placeholder: { type: 'plain_text', text: clip(t('common:slack.picker.placeholder'), 150) },
          },
        ],
      },
    ],
  };
}

/** The parts of a block_suggestion payload Inverso reads. */
export interface SuggestionBody {
  type: 'block_suggestion';
  action_id: string;
  block_id?: string;
  value?: string;
  user: { id: string; name?: string; username?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string } | null;
  container?: { channel_id?: string };
}

/** Answers Slack's request for menu options with the dispatcher's suggestions. */
export async function suggestOptions(
  ctx: SlackContext,
  body: SuggestionBody,
): Promise<types.PlainTextOption[]> {
  const picker = parsePicker(body.action_id);
  if (!picker) return [];
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const channelId = channelOfBlock(body.block_id) ?? body.channel?.id ?? body.container?.channel_id;
  // Slack shows nothing after 3 s: the profile is not waited for long.
  const actor = await ctx.profiles.actor(teamId, body.user.id, body.user.name ?? body.user.username, 500);
  const suggestions = await ctx.dispatcher.autocomplete(
    { type: 'autocomplete', command: picker.key, option: picker.option, partial: body.value ?? '' },
    { actor, place: slackPlace(teamId, channelId) },
  );
  return suggestions.slice(0, LIMITS.selectOptions).map((s) => ({
    text: { type: 'plain_text', text: clip(s.label, LIMITS.optionText), emoji: true },
    value: s.value.slice(0, LIMITS.optionValue),
  }));
}
