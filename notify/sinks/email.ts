// The team's email: subject and plain-text body, sent through the service's mailer.
import { accountLabel, type TeamMessage } from '../message.js';

export function emailContent(m: TeamMessage): { subject: string; text: string } {
  const lines: string[] = [m.summary, ''];
  for (const section of m.sections) {
    lines.push(`${section.title} (${section.count})`);
    for (const g of section.groups) {
      lines.push(`  ${g.checkId} (${g.severity})`);
      for (const i of g.items) lines.push(`    - ${accountLabel(i)} ${i.region} ${i.resourceId}: ${i.message}`);
      if (g.more > 0) lines.push(`    … and ${g.more} more`);
    }
    lines.push('');
  }
  if (m.reportUrl) lines.push(`Report: ${m.reportUrl}`);
  lines.push(`Scan: ${m.scanId}`);
  return { subject: m.summary, text: lines.join('\n') };
}
