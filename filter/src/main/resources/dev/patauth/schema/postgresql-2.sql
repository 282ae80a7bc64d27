-- patauth schema version 2 for PostgreSQL: scopes, where a token was last used from, why it was
-- revoked, expiry warnings and the sweep. Applied on start after postgresql.sql when
-- patauth.schema.auto-create is true; every statement can run again. Upgrading a database that
-- you manage yourself: add this file as the migration after your copy of postgresql.sql.

-- the token's scopes, separated by spaces; NULL: every scope the app declares (tokens created
-- before scopes existed, or while the app declared none)
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS scopes VARCHAR(1000);
-- the client address and User-Agent of the last use, written with last_used_at
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS last_used_address VARCHAR(100);
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS last_used_agent VARCHAR(200);
-- owner, admin, leak_report, inactivity or rotation
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS revoked_reason VARCHAR(20);
-- the last expiry warning sent, in days before the expiry (7, then 1); NULL: none yet
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS expiry_notice SMALLINT;
-- when the token's expiry was brought forward (a rotation with a grace period), so that
-- nodes that poll for revocations hear of it too
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS changed_at TIMESTAMPTZ;

-- the sweep (expiry warnings) and the administrators' list ("expiring within") read active
-- tokens by expiry
CREATE INDEX IF NOT EXISTS patauth_token_expiring
  ON patauth_token (expires_at, id) WHERE revoked_at IS NULL AND expires_at IS NOT NULL;

-- the sweep (inactivity) and the administrators' list ("unused for") read active tokens by last use
CREATE INDEX IF NOT EXISTS patauth_token_unused
  ON patauth_token ((COALESCE(last_used_at, created_at)), id) WHERE revoked_at IS NULL;

-- the administrators' list by scope: tokens that name it (a GIN index over the names), and
-- tokens from before scopes, which have every scope, newest first. The GIN index has no WHERE:
-- PostgreSQL uses the statistics of an index expression only for an index without one, and
-- without them it cannot tell a scope few tokens have (read this index) from a common one (read
-- the newest first and stop at a page)
CREATE INDEX IF NOT EXISTS patauth_token_scopes
  ON patauth_token USING gin (string_to_array(scopes, ' '));
CREATE INDEX IF NOT EXISTS patauth_token_all_scopes
  ON patauth_token (created_at, id) WHERE revoked_at IS NULL AND scopes IS NULL;

-- the administrators' list without a filter: every active token, newest first
CREATE INDEX IF NOT EXISTS patauth_token_newest
  ON patauth_token (created_at, id) WHERE revoked_at IS NULL;

-- polling nodes ask for tokens changed since their last poll
CREATE INDEX IF NOT EXISTS patauth_token_changed
  ON patauth_token (changed_at) WHERE changed_at IS NOT NULL;

-- one row: when a node last claimed the sweep, so that one node sweeps per interval
CREATE TABLE IF NOT EXISTS patauth_sweep (
  id       INTEGER     PRIMARY KEY,
  swept_at TIMESTAMPTZ
);
