// Versioned schema migrations, applied in order at start-up. Never edit a released migration: add one.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'scans, findings, finding history, suppressions',
    sql: `
CREATE TABLE scans (
  seq             bigserial UNIQUE NOT NULL,
  id              text PRIMARY KEY,
  status          text NOT NULL CHECK (status IN ('queued','running','succeeded','failed','interrupted','cancelled')),
  source          text NOT NULL CHECK (source IN ('api','queue','cli')),
  scope           jsonb NOT NULL,
  scope_key       text NOT NULL,
  idempotency_key text UNIQUE,
  requeued_from   text,
  created_at      timestamptz NOT NULL,
  started_at      timestamptz,
  finished_at     timestamptz,
  heartbeat_at    timestamptz NOT NULL,
  accounts        jsonb NOT NULL DEFAULT '[]',
  regions         jsonb NOT NULL DEFAULT '[]',
  checks          jsonb NOT NULL DEFAULT '[]',
  progress        jsonb NOT NULL,
  api_calls       jsonb NOT NULL,
  errors          jsonb NOT NULL DEFAULT '[]',
  counts          jsonb NOT NULL,
  failure_reason  text
);
-- At most one active scan per scope: concurrent requests for the same scope get the running one.
CREATE UNIQUE INDEX scans_one_active_per_scope ON scans (scope_key) WHERE status IN ('queued','running');
CREATE INDEX scans_succeeded_by_scope ON scans (scope_key, seq DESC) WHERE status = 'succeeded';
CREATE INDEX scans_succeeded ON scans (seq DESC) WHERE status = 'succeeded';
CREATE INDEX scans_created_at ON scans (created_at);
CREATE INDEX scans_requeued_from ON scans (requeued_from) WHERE requeued_from IS NOT NULL;

CREATE TABLE findings (
  seq         bigserial NOT NULL,
  scan_id     text NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  check_id    text NOT NULL,
  status      text NOT NULL,
  severity    text NOT NULL,
  account_id  text NOT NULL,
  region      text NOT NULL,
  resource_id text NOT NULL,
  doc         jsonb NOT NULL,
  PRIMARY KEY (scan_id, seq)
);
CREATE INDEX findings_by_status ON findings (scan_id, status, seq);
CREATE INDEX findings_by_check ON findings (scan_id, check_id, seq);
CREATE INDEX findings_by_account ON findings (scan_id, account_id, seq);
CREATE INDEX findings_by_resource ON findings (scan_id, resource_id);

-- A finding's identity across scans is (check_id, account_id, region, resource_id).
CREATE TABLE finding_history (
  check_id      text NOT NULL,
  account_id    text NOT NULL,
  region        text NOT NULL,
  resource_id   text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  -- Start of the current FAIL streak; null when not failing.
  failing_since timestamptz,
  resolved_at   timestamptz,
  -- PASS, FAIL, MUTED, ERROR, or ABSENT (failing before, gone from a scan that covered it).
  last_status   text NOT NULL,
  last_scan_id  text NOT NULL,
  PRIMARY KEY (check_id, account_id, region, resource_id)
);
CREATE INDEX finding_history_failing ON finding_history (account_id) WHERE last_status = 'FAIL';

CREATE TABLE suppressions (
  id         text PRIMARY KEY,
  rule       jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'partial scans and what a scan evaluated',
    sql: `
-- partial: some account, region or check could not be evaluated; never a diff baseline.
ALTER TABLE scans DROP CONSTRAINT IF EXISTS scans_status_check;
ALTER TABLE scans ADD CONSTRAINT scans_status_check
  CHECK (status IN ('queued','running','succeeded','partial','failed','interrupted','cancelled'));
-- Accounts, units and check evaluations: planned and evaluated (null for scans before this column).
ALTER TABLE scans ADD COLUMN coverage jsonb;
-- "Latest" views read the newest succeeded or partial scan of one scope.
CREATE INDEX scans_latest_by_scope ON scans (scope_key, seq DESC) WHERE status IN ('succeeded','partial');
`,
  },
  {
    version: 3,
    name: 'findings ordered by monthly waste',
    sql: `
-- "Largest waste first" across every page: the sort key is the finding's monthly cost (-1 without one), then seq.
CREATE INDEX findings_by_waste ON findings (scan_id, (COALESCE((doc->>'estimatedMonthlyCostUsd')::float8, -1)) DESC, seq);
`,
  },
  {
    version: 4,
    name: 'findings in triage order and by first seen',
    sql: `
-- The keyset orders of store/finding-query.ts: the expressions must match its SQL text exactly.
-- "What to fix first": severity rank, largest waste, oldest first seen, seq; with and without the status filter.
CREATE INDEX findings_triage ON findings (scan_id,
  (CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END),
  (-COALESCE((doc->>'estimatedMonthlyCostUsd')::float8, -1)), (COALESCE(doc->>'firstSeenAt', '')), seq);
CREATE INDEX findings_triage_by_status ON findings (scan_id, status,
  (CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END),
  (-COALESCE((doc->>'estimatedMonthlyCostUsd')::float8, -1)), (COALESCE(doc->>'firstSeenAt', '')), seq);
CREATE INDEX findings_by_first_seen ON findings (scan_id, status, (COALESCE(doc->>'firstSeenAt', '')), seq);
`,
  },
  {
    version: 5,
    name: 'findings by owning team; notification announcements and deliveries',
    sql: `
-- Team-scoped views and the per-team counts read a scan's findings by owner (the finding document's "owner").
CREATE INDEX findings_by_owner ON findings (scan_id, (COALESCE(doc->>'owner', 'unowned')), seq);

-- A failing finding announced to a team: one open row per finding identity until it resolves.
CREATE TABLE announcements (
  id                bigserial PRIMARY KEY,
  check_id          text NOT NULL,
  account_id        text NOT NULL,
  region            text NOT NULL,
  resource_id       text NOT NULL,
  team              text NOT NULL,
  doc               jsonb NOT NULL,
  announced_at      timestamptz NOT NULL,
  scan_id           text NOT NULL,
  resolved_at       timestamptz,
  resolved_scan_id  text
);
CREATE UNIQUE INDEX announcements_open ON announcements (check_id, account_id, region, resource_id) WHERE resolved_at IS NULL;
CREATE INDEX announcements_identity ON announcements (check_id, account_id, region, resource_id);

-- One row per message and sink after a scan (no URL, no secret).
CREATE TABLE notification_deliveries (
  seq      bigserial PRIMARY KEY,
  scan_id  text NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  doc      jsonb NOT NULL
);
CREATE INDEX notification_deliveries_by_scan ON notification_deliveries (scan_id, seq);

-- Settings managed through the API (the routing rules of PUT /routes).
CREATE TABLE settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL
);
`,
  },
  {
    version: 6,
    name: 'scan shards shared by several service tasks',
    sql: `
-- A scan split into shards of accounts; a worker holds a shard by its lease (owner, attempt, expiry).
CREATE TABLE scan_shards (
  scan_id          text NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  shard            int NOT NULL,
  accounts         jsonb NOT NULL,
  status           text NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled')),
  attempts         int NOT NULL DEFAULT 0,
  owner            text,
  lease_expires_at timestamptz,
  progress         jsonb,
  summary          jsonb,
  last_error       text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scan_id, shard)
);
CREATE INDEX scan_shards_open ON scan_shards (scan_id) WHERE status IN ('queued','running');
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
