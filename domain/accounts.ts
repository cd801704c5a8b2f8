// Account metadata: who an account is (name, OU path, tags) and which team owns a finding.

/** What the organization (or the configuration file) says about one account. */
export interface AccountInfo {
  id: string;
  /** null when neither Organizations nor the configuration names the account. */
  name: string | null;
  email: string | null;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE …; null when unknown. */
  status: string | null;
  /**
   * The account's place in the organization, OU names from the root: "Root/Workloads/Payments".
   * null when unknown (no Organizations access and none configured).
   */
  ouPath: string | null;
  /** The OU ids along the same path, root first; [] when unknown. */
  ouIds: string[];
  /** The organization's id (o-…), from the account's ARN; null when unknown. */
  orgId: string | null;
  /** Account tags (organizations:ListTagsForResource). */
  tags: Record<string, string>;
}

/** The name shown for a findings' owner when no routing rule matched and no default team is configured. */
export const UNOWNED = 'unowned';

export function unknownAccount(id: string): AccountInfo {
  return { id, name: null, email: null, status: null, ouPath: null, ouIds: [], orgId: null, tags: {} };
}

/** True when `ouPath` is `prefix` or lies under it ("Root/Prod" covers "Root/Prod/Payments", not "Root/Production"). */
export function ouPathUnder(ouPath: string | null | undefined, prefix: string): boolean {
  if (!ouPath) return false;
  const p = prefix.replace(/\/+$/, '');
  return ouPath === p || ouPath.startsWith(`${p}/`);
}

/** The organization id in an Organizations account ARN (arn:aws:organizations::<mgmt>:account/o-xxxx/<id>). */
export function orgIdOfAccountArn(arn: string | null | undefined): string | null {
  return /:account\/(o-[a-z0-9]{10,32})\//.exec(arn ?? '')?.[1] ?? null;
}
