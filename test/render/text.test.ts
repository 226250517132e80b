import { describe, expect, it } from 'vitest';
import { replyToText } from '../../src/render/text.js';

describe('replyToText', () => {
  it('prints title, fields, footer and attachments as plain text', () => {
    const text = replyToText({
      ephemeral: true,
      embeds: [
        { title: 'IWM', description: '**bold** and `code`', fields: [{ name: 'P/E', value: '18.2\nn/a' }], footer: { text: 'as of 2024-07-11' } },
      ],
      files: [{ name: 'chart.png', data: Buffer.alloc(1234) }],
    });
    expect(text).toBe(
      '(only you can see this)\n\nIWM\n===\nbold and code\n\n▸ P/E\n  18.2\n  n/a\n\n— as of 2024-07-11\n\n[attachment chart.png, 1,234 bytes]',
    );
  });
});
