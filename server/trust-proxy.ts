// ORGSCAN_TRUST_PROXY: which proxies may tell us the client's address in X-Forwarded-For.
// Off by default: without a proxy in front, any client could write the header and pick its own address.
import { isIP } from 'node:net';

export class TrustProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustProxyConfigError';
  }
}

/** fastify's `trustProxy`: the addresses and CIDR blocks of the trusted proxies. */
export type TrustProxy = string[];

function validAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * A comma-separated list of proxy addresses and CIDR blocks (`10.0.0.0/16,fd00::/8`): the load
 * balancer's subnets. The client address is then the nearest X-Forwarded-For entry that is not one
 * of them. Empty or unset: X-Forwarded-For is ignored. A bare hop count is refused: fastify 5 treats
 * one as trusting nobody, because it cannot tell the load balancer from a client that connects directly.
 */
export function parseTrustProxy(value: string | undefined, name = 'ORGSCAN_TRUST_PROXY'): TrustProxy | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    throw new TrustProxyConfigError(`${name} must list the load balancer's addresses or CIDR blocks (e.g. the VPC's 10.0.0.0/16), not a hop count (${text})`);
  }
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !validAddressOrCidr(e));
  if (bad.length > 0) {
    throw new TrustProxyConfigError(`${name}: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not an IP address or CIDR block (expected addresses or CIDR blocks, e.g. 10.0.0.0/16,fd00::/8)`);
  }
  return entries;
}
