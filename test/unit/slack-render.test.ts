// Cards as Block Kit, within Slack's limits, and the pacing of edits: the pure parts of the Slack
// platform, checked without a network.
import { describe, expect, it } from 'vitest';
import type { Card, CardControl } from '../../src/core/card.ts';
import { decodeClick } from '../../src/platforms/slack/controls.ts';
import { EditQueue } from '../../src/platforms/slack/edit-queue.ts';
import { toMrkdwn, unescapeCommandText } from '../../src/platforms/slack/mrkdwn.ts';
import { renderCard } from '../../src/platforms/slack/render.ts';

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Record<string, unknown>[];
};

describe('Slack rendering', () => {
  it('turns the card markup into mrkdwn and never lets typed text become a mention', () => {
    expect(toMrkdwn('**Bravo** _Léa_, see [the video](https://v.example/a?b=1&c=2)')).toBe(
      '*Bravo* _Léa_, see <https://v.example/a?b=1&c=2|the video>',
    );
    expect(toMrkdwn('<!channel> 1 < 2 & 3 > 2 <@U123>')).toBe(
      '&lt;!channel&gt; 1 &lt; 2 &amp; 3 &gt; 2 &lt;@U123&gt;',
    );
    expect(toMrkdwn('[a|b](https://x.example/|>)')).toBe('<https://x.example/%7C%3E|a∣b>');
    expect(unescapeCommandText('<#C1|general> <!here> <mailto:a@b.c|a@b.c> &amp;')).toBe(
      '#general @here mailto:a@b.c &',
    );
  });

  it('draws a header, sections, fields, actions and a context line, with a plain fallback', () => {
    const card: Card = {
      title: 'Capsule n°1 — Fractions',
      url: 'https://v.example/f',
      text: 'Watch **before** class',
      fields: [
        { label: 'Session', value: 'Thursday', inline: true },
        { label: 'Length', value: '8 minutes', inline: true },
        { label: 'Resources', value: '[Sheet](https://v.example/s)' },
      ],
      controls: [
        [
          {
            kind: 'button',
            action: 'capsule.watched',
            args: ['c1'],
            label: 'I watched it',
            style: 'success',
          },
        ],
      ],
      footer: 'Inverso',
      tone: 'warning',
    };
    const { text, blocks } = renderCard(card, { channelId: 'C123' });
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'context',
      'section',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect((blocks[0] as Block).text?.text).toBe('⚠️ Capsule n°1 — Fractions');
    expect(JSON.stringify(blocks[1])).toContain('<https://v.example/f>'); // the header cannot link
    expect(blocks[5]).toMatchObject({
      block_id: 'iv|C123|0',
      elements: [{ type: 'button', action_id: 'iv.b.0', value: 'capsule.watched:c1', style: 'primary' }],
    });
    expect(text).toBe('⚠️ Capsule n°1 — Fractions\nWatch *before* class');
  });

  it('keeps within Slack limits: long text, many buttons, big menus', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Line ${i} ${'x'.repeat(40)}`).join('\n');
    const buttons: CardControl[] = Array.from({ length: 30 }, (_, i) => ({
      kind: 'button' as const,
      action: 'question.mark',
      args: [`q${i}`, 'selected'],
      label: `${i}: ${'y'.repeat(100)}`,
    }));
    const menu: CardControl = {
      kind: 'select',
      action: 'quiz.answer',
      args: ['q1'],
      placeholder: 'Choose',
      options: Array.from({ length: 120 }, (_, i) => ({ value: String(i), label: `Option ${i}` })),
    };
    const { blocks } = renderCard({ text: long, controls: [buttons, [menu]] });
    const sections = blocks.filter((b) => b.type === 'section') as unknown as Block[];
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => (s.text?.text.length ?? 0) <= 3000)).toBe(true);
    const [row, select] = blocks.filter((b) => b.type === 'actions') as unknown as Block[];
    expect(row?.elements).toHaveLength(25); // 24 buttons and a menu with the rest
    expect(JSON.stringify(row?.elements?.[0]?.text)).toMatch(/"text":"0: y{71}…"/); // 75 characters
    expect(row?.elements?.[24]).toMatchObject({ type: 'static_select', action_id: 'iv.m.24' });
    expect(row?.elements?.[24]?.options).toHaveLength(6);
    expect(select?.elements?.[0]?.options).toHaveLength(100);
    expect(
      decodeClick({
        action_id: 'iv.m.24',
        type: 'static_select',
        selected_option: { value: 'question.mark:q29:selected' },
      }),
    ).toEqual({ kind: 'action', action: 'question.mark', args: ['q29', 'selected'] });
    expect(
      decodeClick({
        action_id: 'iv.s|quiz.answer:q1',
        type: 'static_select',
        selected_option: { value: '3' },
      }),
    ).toEqual({
      kind: 'action',
      action: 'quiz.answer',
      args: ['q1'],
      value: '3',
    });
    expect(decodeClick({ action_id: 'iv.link.0', type: 'button' })).toEqual({ kind: 'link' });
    const withChart = renderCard(
      { text: 'Brief', image: { filename: 'c.png', png: new Uint8Array(), alt: 'Answers' } },
      { describeImage: true },
    );
    expect(JSON.stringify(withChart.blocks)).toContain('📊 Answers');
  });
});

describe('Slack edit pacing', () => {
  it('keeps only the latest version of a message and spaces edits per workspace', async () => {
    const sent: string[] = [];
    const queue = new EditQueue<string, string>(
      async (ref, card) => {
        sent.push(`${ref}=${card}`);
        await new Promise((r) => setTimeout(r, 5));
      },
      { burst: 2, perMinute: 600 }, // a burst of 2, then one every 100 ms
    );
    const started = Date.now();
    const edits = [
      queue.edit('m1', 'T1', 'm1', 'v1'),
      queue.edit('m1', 'T1', 'm1', 'v2'), // waits for v1, then v3 replaces it
      queue.edit('m1', 'T1', 'm1', 'v3'),
      queue.edit('m2', 'T1', 'm2', 'a'),
      queue.edit('m3', 'T1', 'm3', 'b'), // past the burst: waits for a token
      queue.edit('m4', 'T2', 'm4', 'c'), // another workspace: its own bucket
    ];
    await Promise.all(edits);
    expect(sent).toEqual(expect.arrayContaining(['m1=v1', 'm1=v3', 'm2=a', 'm3=b', 'm4=c']));
    expect(sent).not.toContain('m1=v2');
    expect(sent.indexOf('m1=v3')).toBeGreaterThan(sent.indexOf('m1=v1'));
    expect(queue.sent).toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150); // two edits waited for tokens
    expect(queue.size).toBe(0);
  });
});
