// A team's notification email through the service's mailer (SMTP with ORGSCAN_SMTP_URL, else SES v2).
import type { OrgScanConfig } from '../scanner/config.js';

type MailSettings = NonNullable<OrgScanConfig['mail']>;

export function teamMailer(mail: MailSettings, env: NodeJS.ProcessEnv = process.env): (to: string[], subject: string, text: string) => Promise<void> {
  let transport: Promise<import('./weekly-report.js').MailTransport> | undefined;
  return async (to, subject, text) => {
    // Loaded on first use: the mail clients cost start-up time a service without email sinks need not pay.
    transport ??= import('./weekly-report.js').then((m) => m.createMailTransport({ env }));
    const { transporter } = await transport;
    await transporter.sendMail({
      from: mail.from,
      to,
      subject: `${mail.subjectPrefix} ${subject}`,
      text,
      ...(mail.configurationSet ? { ses: { ConfigurationSetName: mail.configurationSet } } : {}),
    });
  };
}
