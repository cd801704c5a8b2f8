// SDK clients for seeding the emulator: loopback endpoint, fake credentials, and the
// `x-moto-account-id` header that routes each request to one account's isolated backend.
import type { Pluggable } from '@smithy/types';
import { FAKE_CREDENTIALS } from './moto.js';

interface SdkClient {
  middlewareStack: { use(plugin: Pluggable<any, any>): void };
}

type ClientClass<C> = new (config: {
  region: string;
  endpoint: string;
  credentials: typeof FAKE_CREDENTIALS;
  forcePathStyle?: boolean;
  maxAttempts?: number;
}) => C;

export function motoAccountPlugin(accountId: string): Pluggable<any, any> {
  return {
    applyToStack(stack) {
      stack.add(
        (next) => async (args) => {
          const request = args.request as { headers?: Record<string, string> };
          if (request.headers) request.headers['x-moto-account-id'] = accountId;
          return next(args);
        },
        { step: 'build', name: 'motoAccountRouting' },
      );
    },
  };
}

/** A client of `Client` that acts on `accountId` in the emulator at `endpoint`. */
export function seedClient<C extends SdkClient>(Client: ClientClass<C>, endpoint: string, region: string, accountId: string): C {
  const client = new Client({ region, endpoint, credentials: FAKE_CREDENTIALS, forcePathStyle: true, maxAttempts: 1 });
  client.middlewareStack.use(motoAccountPlugin(accountId));
  return client;
}
