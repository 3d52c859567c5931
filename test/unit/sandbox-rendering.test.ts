// Cards become what the page draws: markup to escaped HTML, only http(s) links, checked controls.
import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../src/core/commands.ts';
import { opensForm } from '../../src/core/commands.ts';
import { parseLine } from '../../src/platforms/sandbox/commands.ts';
import { cardHasControl, cardToView, markupToHtml, safeUrl } from '../../src/platforms/sandbox/render.ts';

describe('markupToHtml', () => {
  it('renders bold, italic, links and line breaks', () => {
    expect(markupToHtml('**Quiz** _today_\n[video](https://example.org/v?a=1&b=2)')).toBe(
      '<strong>Quiz</strong> <em>today</em><br><a href="https://example.org/v?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">video</a>',
    );
  });

  it('shows ``` blocks (a CSV, an export) as preformatted text, not as raw fences', () => {
    const html = markupToHtml('Le tableau :\n```\nname;score\n**Léa**;<b>90</b>\n```\nFin _ici_');
    expect(html).toBe(
      'Le tableau :<pre class="code"><code>name;score\n**Léa**;&lt;b&gt;90&lt;/b&gt;</code></pre>Fin <em>ici</em>',
    );
    expect(markupToHtml('```json\n{"a": 1}\n```')).toBe(
      '<pre class="code"><code>{&quot;a&quot;: 1}</code></pre>',
    );
    expect(markupToHtml('no fence ``` here')).not.toContain('<pre');
  });

  it('escapes everything else and keeps underscores inside words and addresses', () => {
    expect(markupToHtml('<script>alert("x")</script> snake_case_name')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; snake_case_name',
    );
    expect(markupToHtml('see https://ex.org/a_b_c.')).toBe(
      'see <a href="https://ex.org/a_b_c" target="_blank" rel="noopener noreferrer">https://ex.org/a_b_c</a>.',
    );
  });

  it('links only http and https', () => {
    expect(markupToHtml('[click](javascript:alert(1))')).toBe('[click](javascript:alert(1))');
    expect(markupToHtml('[x](data:text/html,hi)')).toBe('[x](data:text/html,hi)');
    expect(markupToHtml('[a "b"](https://x.org/"onmouseover=)')).toContain(
      'href="https://x.org/%22onmouseover="',
    );
    expect(safeUrl('ftp://x.org')).toBeNull();
  });
});

describe('cardToView', () => {
  it('drops unsafe links, encodes images, and keeps only what the page draws', () => {
    const view = cardToView({
      title: 'Fractions <1>',
      url: 'javascript:alert(1)',
      fields: [{ label: 'Length', value: '**6** min', inline: true }],
      controls: [
        [
          { kind: 'link', url: 'vbscript:x', label: 'bad' },
          { kind: 'button', action: 'capsule.watched', args: ['3'], label: 'I watched it' },
        ],
      ],
      image: { filename: 'chart.png', png: new Uint8Array([137, 80, 78, 71]), alt: 'chart' },
      tone: 'info',
    });
    expect(view).toEqual({
      title: 'Fractions <1>',
      fields: [{ label: 'Length', html: '<strong>6</strong> min', inline: true }],
      controls: [
        [
          {
            kind: 'button',
            action: 'capsule.watched',
            args: ['3'],
            label: 'I watched it',
            style: 'secondary',
          },
        ],
      ],
      image: { src: 'data:image/png;base64,iVBORw==', alt: 'chart' },
      tone: 'info',
    });
  });

  it('recognises the controls a card carries', () => {
    const card = {
      controls: [
        [
          {
            kind: 'select' as const,
            action: 'quiz.answer',
            args: ['q1'],
            placeholder: '…',
            options: [{ value: 'a', label: 'A' }],
          },
        ],
      ],
    };
    expect(cardHasControl(card, 'quiz.answer', ['q1'], 'a')).toBe(true);
    expect(cardHasControl(card, 'quiz.answer', ['q1'], 'z')).toBe(false);
    expect(cardHasControl(card, 'quiz.answer', ['q2'], 'a')).toBe(false);
  });
});

describe('typed lines', () => {
  const spec = (name: string, sub?: string, form?: string): CommandSpec => ({
    name,
    sub,
    form,
    descriptionKey: 'web:page.title',
    access: 'anyone',
    options: [{ name: 'title', type: 'string', descriptionKey: 'web:page.title', required: true }],
    handler: async () => {},
  });
  const commands = [spec('capsule', 'schedule', 'capsule'), spec('capsule'), spec('ask')];

  it('takes the longest command name that matches', () => {
    expect(parseLine('/Capsule SCHEDULE title:"A b"', commands)).toMatchObject({
      key: 'capsule schedule',
      rest: 'title:"A b"',
    });
    expect(parseLine('/capsule Fractions', commands)).toMatchObject({ key: 'capsule', rest: 'Fractions' });
    expect(parseLine('/nope x', commands)).toEqual({ key: 'nope', rest: 'x' });
    expect(parseLine('/ask', commands)).toMatchObject({ key: 'ask', rest: '' });
  });

  it('opens the form when a required option is missing, prefilled with what was typed', () => {
    const withForm = commands[0] as CommandSpec;
    expect(opensForm(withForm, {})).toBe(true);
    expect(opensForm(withForm, { title: 'x' })).toBe(
      withForm.options.some((o) => o.required && o.name !== 'title'),
    );
    expect(opensForm(commands[2] as CommandSpec, {})).toBe(false);
  });
});
