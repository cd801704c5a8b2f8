// SigV4 with a signing-key cache that scales with the scan. The SDK keeps one module-wide cache
// of 50 signing keys; a scan signs for thousands of account × region × service combinations at
// once, so that cache thrashes and every request re-derives its key (5 HMACs). Here each
// credential object carries its own keys (weakly held: keys go when the credentials do).
import { createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

const keysByIdentity = new WeakMap<AwsCredentialIdentity, Map<string, Uint8Array>>();

/** Derivations performed (not cache hits): lets tests see the cache work. */
export const signingKeyStats = { derived: 0 };

/** The SigV4 signing key: HMAC chain of the secret over date, region, service and "aws4_request". */
export function deriveSigningKey(secretAccessKey: string, shortDate: string, region: string, service: string): Uint8Array {
  signingKeyStats.derived += 1;
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(shortDate).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return key;
}

function cachedSigningKey(credentials: AwsCredentialIdentity, shortDate: string, region: string, service: string): Uint8Array {
  let keys = keysByIdentity.get(credentials);
  if (!keys) {
    keys = new Map();
    keysByIdentity.set(credentials, keys);
  }
  // One credential object never changes its secret; the scope alone tells its keys apart.
  const scope = `${shortDate}/${region}/${service}`;
  let key = keys.get(scope);
  if (!key) {
    key = deriveSigningKey(credentials.secretAccessKey, shortDate, region, service);
    keys.set(scope, key);
  }
  return key;
}

/**
 * SignatureV4 whose signing keys come from the per-credentials cache. Passed to SDK clients as
 * `signerConstructor` (the SDK builds a signer per request from it); signatures are byte-for-byte
 * those of SignatureV4.
 */
export class CachedKeySignatureV4 extends SignatureV4 {}

// SignatureV4 declares getSigningKey private, so it is replaced on the prototype rather than overridden.
Object.defineProperty(CachedKeySignatureV4.prototype, 'getSigningKey', {
  value: function getSigningKey(
    this: { service: string },
    credentials: AwsCredentialIdentity,
    region: string,
    shortDate: string,
    service?: string,
  ): Promise<Uint8Array> {
    return Promise.resolve(cachedSigningKey(credentials, shortDate, region, service || this.service));
  },
  writable: true,
  configurable: true,
});
