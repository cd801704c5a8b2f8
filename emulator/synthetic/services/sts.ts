// STS (query protocol): AssumeRole into member accounts, GetCallerIdentity.
import { AwsError } from '../errors.js';
import { hash32 } from '../random.js';
import type { SyntheticService } from '../service.js';
import { form, formAction } from '../wire/input.js';
import { el, wrap } from '../wire/xml.js';

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Temporary access keys name the account they act in: ASIA + 12-digit account + 4 hex digits. */
export function sessionAccessKeyId(accountId: string, salt: string): string {
  return `ASIA${accountId}${(hash32(salt) & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The account an access key acts in, when the key is a synthetic session key. */
export function accountOfAccessKey(accessKeyId: string): string | null {
  const match = /^ASIA(\d{12})[0-9A-F]{4}$/.exec(accessKeyId);
  return match ? match[1]! : null;
}

export interface StsOptions {
  /** Role names that exist in every member account. */
  roleNames: readonly string[];
  /** AssumeRole calls per second per calling account. */
  rate: number;
  burst: number;
}

export function stsService(options: StsOptions): SyntheticService {
  return {
    protocol: 'query',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operation: formAction,
    throttle: () => ({ name: 'sts', scope: 'caller', rate: options.rate, burst: options.burst }),
    throttleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    operations: {
      AssumeRole(request, ctx) {
        const params = form(request);
        const roleArn = params.get('RoleArn') ?? '';
        const sessionName = params.get('RoleSessionName') ?? '';
        const match = ROLE_ARN.exec(roleArn);
        if (!match) throw new AwsError('ValidationError', `RoleArn "${roleArn.slice(0, 100)}" is not a valid IAM role ARN`);
        if (!SESSION_NAME.test(sessionName)) throw new AwsError('ValidationError', 'RoleSessionName must be 2 to 64 characters of [\\w+=,.@-]');
        const [, accountId, roleName] = match as unknown as [string, string, string];
        const duration = Number(params.get('DurationSeconds') ?? 3600);
        if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
          throw new AwsError('ValidationError', 'DurationSeconds must be between 900 and 43200');
        }
        if (ctx.org.accountIndex(accountId) === null || !options.roleNames.includes(roleName)) {
          throw new AwsError(
            'AccessDenied',
            `User: arn:aws:sts::${ctx.accountId}:assumed-role/orgscan is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
            403,
          );
        }
        const expiration = new Date(Date.now() + duration * 1000);
        const accessKeyId = sessionAccessKeyId(accountId, `${ctx.requestId}${sessionName}`);
        return (
          wrap(
            'Credentials',
            el('AccessKeyId', accessKeyId) +
              el('SecretAccessKey', `synthetic-secret-${ctx.requestId}`) +
              el('SessionToken', `synthetic-session-${accountId}-${ctx.requestId}`) +
              el('Expiration', expiration),
          ) +
          wrap(
            'AssumedRoleUser',
            el('Arn', `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`) + el('AssumedRoleId', `AROA${accountId}SYNTH:${sessionName}`),
          )
        );
      },
      GetCallerIdentity(_request, ctx) {
        return el('Arn', `arn:aws:sts::${ctx.accountId}:assumed-role/orgscan/bench`) + el('UserId', 'AROASYNTHETIC:bench') + el('Account', ctx.accountId);
      },
    },
  };
}
