// The scale-out benchmark's flags: off by default, validated, and the shared PostgreSQL from the environment.
import { afterEach, describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/options.js';

const saved = { DATABASE_URL: process.env.DATABASE_URL, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('bench --processes', () => {
  it('is off by default (worker threads), with shards of 10 accounts and a 15 s lease when on', () => {
    expect(parseBenchOptions([])).toMatchObject({ processes: 0, killOne: false, shardAccounts: 10, shardLeaseSeconds: 15 });
    expect(parseBenchOptions(['--processes', '3', '--kill-one', '--shard-accounts', '5', '--shard-lease', '4'])).toMatchObject({
      processes: 3,
      killOne: true,
      shardAccounts: 5,
      shardLeaseSeconds: 4,
    });
  });

  it('takes the PostgreSQL from --database-url, else DATABASE_URL, else TEST_DATABASE_URL', () => {
    delete process.env.DATABASE_URL;
    process.env.TEST_DATABASE_URL = 'postgres://test@127.0.0.1/t';
    expect(parseBenchOptions(['--processes', '2']).databaseUrl).toBe('postgres://test@127.0.0.1/t');
    process.env.DATABASE_URL = 'postgres://main@127.0.0.1/m';
    expect(parseBenchOptions(['--processes', '2']).databaseUrl).toBe('postgres://main@127.0.0.1/m');
    expect(parseBenchOptions(['--processes', '2', '--database-url', 'postgres://flag@127.0.0.1/f']).databaseUrl).toBe('postgres://flag@127.0.0.1/f');
  });

  it('refuses bad values, naming the flag', () => {
    expect(() => parseBenchOptions(['--processes', '-1'])).toThrow(/--processes must be an integer from 0 to 64/);
    expect(() => parseBenchOptions(['--shard-accounts', '0'])).toThrow(/--shard-accounts must be an integer from 1/);
  });
});
