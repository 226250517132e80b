import { describe, expect, it } from 'vitest';
import { CONTENT_MAX_CHARS, interactionResponsePayload, replyMessageData, replyUploadFiles } from '../../src/render/payload.js';

const chart = { name: 'iwm.png', data: Buffer.from('png-bytes'), description: 'IWM vs odds' };

describe('interactionResponsePayload', () => {
  it('builds a type 4 response with embeds, no mention parsing and no flags for a public reply', () => {
    const embed = { title: 'Zombie beta', fields: [{ name: 'Loss-makers', value: '43.4%' }] };
    expect(interactionResponsePayload({ content: 'As of 2024-11-05', embeds: [embed] })).toEqual({
      type: 4,
      data: { content: 'As of 2024-11-05', embeds: [embed], allowed_mentions: { parse: [] } },
    });
  });

  it('sets flags 64 for an ephemeral reply', () => {
    expect(interactionResponsePayload({ content: 'Only you', ephemeral: true }).data).toEqual({
      content: 'Only you',
      allowed_mentions: { parse: [] },
      flags: 64,
    });
  });

  it('describes each file as an attachment whose id is its multipart index', () => {
    const second = { name: 'table.csv', data: Buffer.from('a,b\n') };
    const payload = interactionResponsePayload({ files: [chart, second] });
    expect(payload.data.attachments).toEqual([
      { id: 0, filename: 'iwm.png', description: 'IWM vs odds' },
      { id: 1, filename: 'table.csv' },
    ]);
    expect(replyUploadFiles({ files: [chart, second] })).toEqual([
      { name: 'iwm.png', data: chart.data },
      { name: 'table.csv', data: second.data },
    ]);
  });

  it('has no attachments key without files', () => {
    expect('attachments' in replyMessageData({ content: 'text' })).toBe(false);
  });
});

describe('replyMessageData limits', () => {
  it('refuses an empty reply, which Discord would reject', () => {
    expect(() => replyMessageData({ ephemeral: true })).toThrow(/no content, embeds or files/);
  });

  it('refuses more than 10 files', () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.png`, data: Buffer.from('x') }));
    expect(() => replyMessageData({ files })).toThrow(/11 files; Discord accepts at most 10/);
  });

  it('cuts content to 2,000 characters', () => {
    const content = replyMessageData({ content: 'x'.repeat(2500) }).content!;
    expect(content).toHaveLength(CONTENT_MAX_CHARS);
    expect(content.endsWith('…')).toBe(true);
  });

  it('fits embeds to the 10-per-message limit', () => {
    const embeds = Array.from({ length: 12 }, (_, i) => ({ title: `e${i}` }));
    expect(replyMessageData({ embeds }).embeds).toHaveLength(10);
  });
});
