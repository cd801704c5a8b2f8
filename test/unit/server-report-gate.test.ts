import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { BusyError, installErrorHandlers } from '../../server/errors.js';
import { errorBodySchema } from '../../server/schemas.js';
import { createReportGate } from '../../server/report-gate.js';
import { registerReportRoutes } from '../../server/routes/report-registration.js';
import type { ScanRecord, Store } from '../../store/types.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createReportGate', () => {
  it('runs up to the bound at once and refuses more with a BusyError carrying Retry-After', async () => {
    const gate = createReportGate(2, 7);
    const first = deferred<string>();
    const second = deferred<string>();
    const a = gate.run(() => first.promise);
    const b = gate.run(() => second.promise);
    expect(gate.active).toBe(2);
    const refused = await gate.run(async () => 'never').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(BusyError);
    expect(refused).toMatchObject({ statusCode: 429, retryAfterSeconds: 7, message: '2 reports are being built; retry in 7 s' });
    first.resolve('a');
    expect(await a).toBe('a');
    expect(gate.active).toBe(1);
    expect(await gate.run(async () => 'c')).toBe('c');
    second.resolve('b');
    await b;
    expect(gate.active).toBe(0);
  });

  it('frees the slot when the build fails', async () => {
    const gate = createReportGate(1);
    await expect(gate.run(async () => Promise.reject(new Error('store unreachable')))).rejects.toThrow('store unreachable');
    await expect(
      gate.run(() => {
        throw new Error('synchronous failure');
      }),
    ).rejects.toThrow('synchronous failure');
    expect(gate.active).toBe(0);
    expect(await gate.run(async () => 'built')).toBe('built');
  });

  it('refuses a bound below 1', () => {
    expect(() => createReportGate(0)).toThrow(RangeError);
  });
});

describe('report routes behind the gate', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The report routes over a store whose latestFinishedScan answers what the test hands it. */
  async function serve(maxBuilds: number) {
    const pending: ReturnType<typeof deferred<ScanRecord | null>>[] = [];
    const store = {
      latestFinishedScan: () => {
        const d = deferred<ScanRecord | null>();
        pending.push(d);
        return d.promise;
      },
    } as unknown as Store;
    app = Fastify();
    installErrorHandlers(app);
    await registerReportRoutes(app, { store }, createReportGate(maxBuilds, 5));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, pending };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(condition()).toBe(true);
  }

  it('answers 429 with Retry-After past the bound, and builds again once a slot is free', async () => {
    const { url, pending } = await serve(1);
    const first = fetch(`${url}/report`);
    await until(() => pending.length === 1);
    const busy = await fetch(`${url}/report`);
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('5');
    expect(await busy.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: '1 reports are being built; retry in 5 s' });
    expect(pending).toHaveLength(1); // the refused request never reached the store

    pending[0]!.resolve(null);
    expect((await first).status).toBe(404);
    const next = fetch(`${url}/report`);
    await until(() => pending.length === 2);
    pending[1]!.resolve(null);
    expect((await next).status).toBe(404);
  });

  it('frees the slot when a build fails', async () => {
    const { url, pending } = await serve(1);
    const failing = fetch(`${url}/report`);
    await until(() => pending.length === 1);
    pending[0]!.reject(new Error('the store went away'));
    expect((await failing).status).toBe(500);
    const next = fetch(`${url}/report`);
    await until(() => pending.length === 2);
    pending[1]!.resolve(null);
    expect((await next).status).toBe(404);
  });

  it('lists 429 among the report routes\' answers (the OpenAPI document reads these schemas)', async () => {
    app = Fastify();
    const routes: { url: string; method: string | string[]; schema?: { response?: Record<string, unknown> } }[] = [];
    app.addHook('onRoute', (route) => void routes.push(route as (typeof routes)[number]));
    await registerReportRoutes(app, { store: {} as Store });
    await app.ready();
    const gets = routes.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.url).sort()).toEqual(['/report', '/scans/:id/report']);
    for (const route of gets) expect(route.schema?.response?.['429']).toBe(errorBodySchema);
  });
});
