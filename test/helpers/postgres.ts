// A private schema in the PostgreSQL named by TEST_DATABASE_URL (set by .ci/run), per test suite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** null (with a loud message) when TEST_DATABASE_URL is unset: the PostgreSQL suites are skipped locally. */
export function testDatabaseUrl(suite: string): string | null {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.warn(`\n!!! ${suite}: TEST_DATABASE_URL is not set — the PostgreSQL variant is SKIPPED (.ci/run always sets it)\n`);
    return null;
  }
  return url;
}

export function createTestSchema(url: string, prefix: string): TestSchema {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase();
  return {
    url,
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
