// Slack incoming webhook body: Block Kit (https://api.slack.com/reference/block-kit/blocks).
// Limits honoured: header text ≤ 150 characters, section text ≤ 3000, at most 50 blocks per message.
import { accountLabel, type TeamMessage } from '../message.js';

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const MAX_BLOCKS = 50;

/** Slack's mrkdwn control characters: &, < and > must be escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function slackBody(m: TeamMessage): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: cut(m.summary, HEADER_MAX), emoji: false } }];
  for (const section of m.sections) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*${esc(section.title)}* (${section.count})`, SECTION_MAX) } });
    for (const g of section.groups) {
      const lines = [
        `*${esc(g.checkId)}* · ${g.severity}`,
        ...g.items.map((i) => `• ${esc(accountLabel(i))} ${esc(i.region)} \`${esc(i.resourceId)}\``),
        ...(g.more > 0 ? [`… and ${g.more} more`] : []),
      ];
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n'), SECTION_MAX) } });
    }
  }
  const tail: Record<string, unknown>[] = [];
  if (m.omitted > 0 || m.reportUrl) {
    tail.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: m.omitted > 0 ? `${m.omitted} more not listed; the report has every finding.` : `Scan ${esc(m.scanId)}` }],
    });
  }
  if (m.reportUrl) {
    tail.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the team report' }, url: m.reportUrl }] });
  }
  const room = MAX_BLOCKS - tail.length;
  const kept = blocks.length > room ? [...blocks.slice(0, room - 1), { type: 'section', text: { type: 'mrkdwn', text: '… more checks in the report' } }] : blocks;
  // `text` is the notification fallback Slack shows where blocks cannot be rendered.
  return { text: m.summary, blocks: [...kept, ...tail] };
}
