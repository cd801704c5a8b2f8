// Microsoft Teams Workflows ("When a Teams webhook request is received") body: a message with one Adaptive
// Card attachment (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using);
// Workflows accept Adaptive Cards only, not the retired Office 365 connector MessageCard.
import { accountLabel, type TeamMessage } from '../message.js';

export const ADAPTIVE_CARD_VERSION = '1.4';

export function teamsBody(m: TeamMessage): Record<string, unknown> {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: m.summary, weight: 'Bolder', size: 'Medium', wrap: true }];
  for (const section of m.sections) {
    body.push({ type: 'TextBlock', text: `${section.title} (${section.count})`, weight: 'Bolder', spacing: 'Medium', wrap: true });
    for (const g of section.groups) {
      body.push({
        type: 'FactSet',
        facts: [
          { title: 'Check', value: `${g.checkId} · ${g.severity}` },
          ...g.items.map((i) => ({ title: accountLabel(i), value: `${i.region} ${i.resourceId}` })),
          ...(g.more > 0 ? [{ title: '…', value: `${g.more} more` }] : []),
        ],
      });
    }
  }
  if (m.omitted > 0) body.push({ type: 'TextBlock', text: `${m.omitted} more not listed; the report has every finding.`, isSubtle: true, wrap: true });
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(m.reportUrl ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the team report', url: m.reportUrl }] } : {}),
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}
