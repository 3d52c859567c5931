// The notices are rendered from markdown: headings, lists, tables and links, all escaped; a link
// that is not http(s) or relative stays text.
import { describe, expect, it } from 'vitest';
import { markdownToHtml, titleOf } from '../../src/privacy/markdown.ts';

describe('notice rendering', () => {
  const doc = `# Inverso & you

Some **bold** and _italic_ text
on two lines, with [a link](https://cnil.fr) and [a trap](javascript:alert(1)).

## What

- one <script>alert(1)</script>
- two \`code\`

| A | B |
|---|---|
| x | **y** |
`;

  it('takes the first heading as the title, and renders the rest', () => {
    expect(titleOf(doc)).toBe('Inverso & you');
    const html = markdownToHtml(doc);
    expect(html).not.toContain('Inverso &amp; you'); // the title is the page's, not repeated
    expect(html).toContain(
      '<p>Some <strong>bold</strong> and <em>italic</em> text on two lines, with <a href="https://cnil.fr">a link</a> and a trap',
    );
    expect(html).toContain('<h3>What</h3>');
    expect(html).toContain('<li>one &lt;script&gt;alert(1)&lt;/script&gt;</li>');
    expect(html).toContain('<li>two <code>code</code></li>');
    expect(html).toContain(
      '<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>x</td><td><strong>y</strong></td></tr></tbody></table>',
    );
    expect(html).not.toContain('javascript:');
  });
});
