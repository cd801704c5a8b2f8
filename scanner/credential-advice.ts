// What to do about a credential failure, appended to its message: the SDK's own text names neither
// the chain it tried nor the fix, and an AccessDenied on AssumeRole does not say whose trust is missing.

/** The default chain of @aws-sdk/credential-providers fromNodeProviderChain, in the order it tries. */
export const CREDENTIAL_CHAIN =
  'environment variables (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the SSO or shared config and credentials files (~/.aws/config, ~/.aws/credentials; AWS_PROFILE picks the profile), a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE), process credentials, and the ECS or EC2 instance metadata endpoints';

interface ErrorLike {
  name?: string;
  message?: string;
}

function is(err: unknown, test: (e: ErrorLike) => boolean): boolean {
  return typeof err === 'object' && err !== null && test(err as ErrorLike);
}

/** True when no source of the default chain had credentials. */
export function isNoCredentialsError(err: unknown): boolean {
  return is(err, (e) => e.name === 'CredentialsProviderError' || /Could not load credentials from any providers/i.test(e.message ?? ''));
}

/** True when an IAM Identity Center (SSO) session has expired or was never started. */
export function isSsoSessionError(err: unknown): boolean {
  return is(err, (e) => /SSO session|sso login|Token is expired|token has expired/i.test(e.message ?? ''));
}

function isAccessDenied(err: unknown): boolean {
  return is(err, (e) => /AccessDenied|not authorized to perform: sts:AssumeRole/i.test(`${e.name ?? ''} ${e.message ?? ''}`));
}

/**
 * One sentence of advice for a credential failure, or '' when the error is something else.
 * `assuming`: the role the scanner tried to assume in a member account (absent with caller credentials).
 */
export function credentialAdvice(err: unknown, assuming?: { roleName: string; accountId: string }): string {
  if (isSsoSessionError(err)) return 'the IAM Identity Center (SSO) session is missing or expired: run `aws sso login --profile <profile>` and set AWS_PROFILE=<profile>';
  if (isNoCredentialsError(err)) {
    return `no AWS credentials found; the SDK looked in ${CREDENTIAL_CHAIN}. Set AWS_PROFILE=<profile> (after \`aws sso login --profile <profile>\` for IAM Identity Center) or export access keys`;
  }
  if (assuming && isAccessDenied(err)) {
    return `your credentials may call sts:AssumeRole, but the trust policy of arn:aws:iam::${assuming.accountId}:role/${assuming.roleName} must also trust your principal: deploy the member role with trustedPrincipalArns naming it (see "Scanning a real organization from a laptop" in the README), or pass --role-name for a role that does`;
  }
  return '';
}
