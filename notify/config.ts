// Teams, their sinks and the routing rules, as the configuration file (and the API) state them.
// Secrets (webhook URLs, signing keys) are named by environment variable, never written here.
import { z } from 'zod';
import { routeRuleSchema } from './routing.js';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'must be an environment variable name (A-Z, 0-9, _)');
const teamName = z.string().trim().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -');

export const sinkSchema = z.discriminatedUnion('type', [
  /** Slack incoming webhook; the URL is the secret. */
  z.object({ type: z.literal('slack'), webhookUrlEnv: envName }).strict(),
  /** Microsoft Teams "Post to a channel when a webhook request is received" workflow; the URL is the secret. */
  z.object({ type: z.literal('teams'), webhookUrlEnv: envName }).strict(),
  /** Any HTTPS endpoint: JSON body, X-Orgscan-Signature: sha256=<hex HMAC-SHA256 of the body>. */
  z.object({ type: z.literal('webhook'), urlEnv: envName, secretEnv: envName }).strict(),
  /** The service's mailer (mail settings of the configuration). */
  z.object({ type: z.literal('email'), to: z.array(z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address')).min(1) }).strict(),
  /** Dry run: each message appended as one JSON line to a file (the demo). */
  z.object({ type: z.literal('file'), path: z.string().min(1) }).strict(),
]);

export type SinkConfig = z.infer<typeof sinkSchema>;

export const teamSchema = z
  .object({
    name: teamName,
    sinks: z.array(sinkSchema).default([]),
    /** Send a message after every scan, even when nothing changed for the team. */
    digest: z.boolean().default(false),
  })
  .strict();

export type TeamConfig = z.infer<typeof teamSchema>;

export const ownershipSchema = z
  .object({
    teams: z.array(teamSchema).default([]),
    /** Ordered: the first matching rule names the owner. */
    routes: z.array(routeRuleSchema).default([]),
    /** Owner of findings no rule matches; without it they are "unowned". */
    defaultTeam: teamName.optional(),
    /** Base URL of the service, for the team's report link in messages. */
    reportBaseUrl: z.string().url().optional(),
    /** New, resolved and came-back findings listed per message before "… and N more". */
    maxFindingsPerMessage: z.number().int().min(1).max(200).default(20),
  })
  .strict()
  .superRefine((o, ctx) => {
    const names = new Set<string>();
    o.teams.forEach((t, i) => {
      if (names.has(t.name)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'name'], message: `team ${t.name} is defined twice` });
      names.add(t.name);
    });
    o.routes.forEach((r, i) => {
      if (!names.has(r.team)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'team'], message: `unknown team ${JSON.stringify(r.team)} (define it under teams)` });
    });
    if (o.defaultTeam && !names.has(o.defaultTeam)) {
      ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `unknown team ${JSON.stringify(o.defaultTeam)} (define it under teams)` });
    }
  });

export type OwnershipConfig = z.infer<typeof ownershipSchema>;

/** Account id → what the configuration says of it, for accounts Organizations cannot describe. */
export const accountMetadataSchema = z.record(
  z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  z
    .object({
      name: z.string().min(1).max(256).optional(),
      ouPath: z.string().min(1).max(1024).optional(),
      tags: z.record(z.string().min(1), z.string()).optional(),
    })
    .strict(),
);
