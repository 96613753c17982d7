/**
 * Schema changes in order; `PRAGMA user_version` records how many ran. Append only:
 * a data directory made by an older server must open with a newer one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE workflows (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    revision INTEGER NOT NULL,
    published_version INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE versions (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    document TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (workflow_id, n)
  );

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    version INTEGER,
    status TEXT NOT NULL,
    mode TEXT NOT NULL,
    partitions INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    document TEXT NOT NULL,
    state TEXT NOT NULL,
    problems TEXT NOT NULL DEFAULT '[]',
    note TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    pruned_at TEXT
  );
  CREATE INDEX runs_by_workflow ON runs (workflow_id);

  CREATE TABLE run_events (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  ) WITHOUT ROWID;
  `,
  // The delivery ledger: a key per delivered webhook batch or table, so a resumed or retried run never sends it again.
  `
  CREATE TABLE deliveries (
    key TEXT PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX deliveries_by_run ON deliveries (run_id);
  `,
  // Accounts. Sessions and API tokens are stored as SHA-256 of their secret, so the file alone signs no one in.
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'admin')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE sessions (
    secret_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sessions_by_user ON sessions (user_id);

  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT
  );
  CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_id TEXT,
    actor_email TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
  );
  `,
  // Operating published segments (issue 8): who started a run, schedules and what each occurrence became,
  // alerts with their once-only webhook delivery, and which finished runs were checked for alerts.
  `
  ALTER TABLE runs ADD COLUMN triggered_by TEXT NOT NULL DEFAULT 'manual';
  ALTER TABLE runs ADD COLUMN schedule_id TEXT;

  CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    cron TEXT NOT NULL,
    timezone TEXT NOT NULL,
    version INTEGER,
    mode TEXT,
    partitions INTEGER,
    catch_up INTEGER NOT NULL DEFAULT 1,
    paused_at TEXT,
    handled_until INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX schedules_by_workflow ON schedules (workflow_id);

  CREATE TABLE schedule_firings (
    schedule_id TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    occurrence INTEGER NOT NULL,
    first_occurrence INTEGER NOT NULL,
    covers INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
    message TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (schedule_id, occurrence)
  ) WITHOUT ROWID;

  CREATE TABLE alert_settings (
    workflow_id TEXT PRIMARY KEY REFERENCES workflows(id) ON DELETE CASCADE,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    condition TEXT NOT NULL UNIQUE,
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
    schedule_id TEXT,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    read_at TEXT,
    delivery TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivery_error TEXT,
    sent_at TEXT
  );
  CREATE INDEX alerts_by_workflow ON alerts (workflow_id, id);
  CREATE INDEX alerts_by_run ON alerts (run_id);

  CREATE TABLE alert_checks (
    run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    finished_at TEXT
  ) WITHOUT ROWID;
  INSERT INTO alert_checks (run_id, finished_at) SELECT id, finished_at FROM runs WHERE status IN ('succeeded', 'partial', 'failed', 'cancelled');
  `,
  `
  CREATE TABLE credentials (
    kind TEXT NOT NULL CHECK (kind IN ('connection', 'secret')),
    name TEXT NOT NULL,
    value BLOB NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    PRIMARY KEY (kind, name)
  ) WITHOUT ROWID;
  `,
  // A cancel is remembered until the run ends: a stop or crash before the engine let go must not resume the run.
  `
  ALTER TABLE runs ADD COLUMN cancel_requested_at TEXT;
  `,
  // The role \`evaluator\` (issue #17): SQLite cannot change a CHECK, so the table is rebuilt
  // (foreign keys are off while migrations run, see migrate()).
  `
  CREATE TABLE users_new (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('evaluator', 'viewer', 'editor', 'publisher', 'admin')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  INSERT INTO users_new SELECT id, email, password_hash, role, created_at, updated_at FROM users;
  DROP TABLE users;
  ALTER TABLE users_new RENAME TO users;
  `,
  // Change-only delivery: which run's member keys each destination last received, and what each run diffs against.
  `
  CREATE TABLE delivered_snapshots (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    run_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (workflow_id, scope)
  ) WITHOUT ROWID;

  CREATE TABLE snapshot_bases (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    base_run_id TEXT,
    PRIMARY KEY (run_id, scope)
  ) WITHOUT ROWID;

  CREATE TABLE suppression_lists (
    dataset TEXT PRIMARY KEY,
    key_column TEXT NOT NULL,
    reason_column TEXT,
    expires_column TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT
  ) WITHOUT ROWID;
  `,
  // Live audiences (issue #17): which workflows are real-time, each customer's profile and recent
  // events, who is in each segment now, every enter and exit (the outbox webhooks and the stream
  // read, in order), how far each webhook has received them, and what reconciles found.
  `
  CREATE TABLE live_workflows (
    workflow_id TEXT PRIMARY KEY REFERENCES workflows(id) ON DELETE CASCADE,
    enabled_at TEXT NOT NULL,
    enabled_by TEXT
  ) WITHOUT ROWID;
  CREATE TABLE live_customers (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    customer_key TEXT NOT NULL,
    profile TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (workflow_id, customer_key)
  ) WITHOUT ROWID;
  CREATE TABLE live_events (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    customer_key TEXT NOT NULL,
    at_ms INTEGER,
    row TEXT NOT NULL,
    PRIMARY KEY (workflow_id, event_id)
  ) WITHOUT ROWID;
  CREATE INDEX live_events_by_customer ON live_events (workflow_id, customer_key, at_ms);
  CREATE TABLE live_members (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    segment TEXT NOT NULL,
    customer_key TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (workflow_id, segment, customer_key)
  ) WITHOUT ROWID;
  CREATE TABLE live_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    segment TEXT NOT NULL,
    node_id TEXT NOT NULL,
    customer_key TEXT NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('enter', 'exit')),
    row TEXT,
    cause TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX live_changes_by_workflow ON live_changes (workflow_id, node_id, seq);
  CREATE TABLE live_cursors (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    delivered_seq INTEGER NOT NULL,
    pending_to INTEGER,
    PRIMARY KEY (workflow_id, node_id)
  ) WITHOUT ROWID;
  CREATE TABLE live_deliveries (
    key TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE live_reconciles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    report TEXT NOT NULL
  );
  `,
];
