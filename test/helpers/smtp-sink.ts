// A local SMTP server on loopback that requires a login and keeps every message, parsed.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../emulator/moto/moto.js';

export interface ReceivedMail {
  from: string;
  rcpt: string[];
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** smtp:// URL with the given password (the sink accepts only its own). */
  url(password?: string): string;
  close(): Promise<void>;
}

export const SINK_USER = 'orgscan';
export const SINK_PASSWORD = 'sink-password-not-a-secret';

export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SINK_USER && auth.password === SINK_PASSWORD) cb(null, { user: SINK_USER });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', rcpt: session.envelope.rcptTo.map((r) => r.address), parsed });
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    received,
    url: (password = SINK_PASSWORD) => `smtp://${SINK_USER}:${password}@127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
