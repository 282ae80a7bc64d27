-- patauth schema for PostgreSQL. Applied on start when patauth.schema.auto-create is true;
-- copy it into your own Flyway or Liquibase migration when you manage the schema yourself.

-- name: at most 100 code points, which is what VARCHAR(100) counts in a UTF8 database
CREATE TABLE IF NOT EXISTS patauth_token (
  id           UUID         PRIMARY KEY,
  user_id      VARCHAR(255) NOT NULL,
  name         VARCHAR(100) NOT NULL,
  token_hash   BYTEA        NOT NULL UNIQUE,
  created_at   TIMESTAMPTZ  NOT NULL,
  last_used_at TIMESTAMPTZ,
  expires_at   TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ
);

-- listing and counting a user's active tokens
CREATE INDEX IF NOT EXISTS patauth_token_active_by_user
  ON patauth_token (user_id, created_at) WHERE revoked_at IS NULL;

-- nodes that poll for revocations ask for rows revoked since their last poll
CREATE INDEX IF NOT EXISTS patauth_token_revoked
  ON patauth_token (revoked_at) WHERE revoked_at IS NOT NULL;

-- one row per token owner, locked while a token is created so the per-user limit holds
-- under concurrent creates on any number of nodes; invalidated_at tells polling nodes that
-- the owner's account changed (PatAuth.invalidateUser)
CREATE TABLE IF NOT EXISTS patauth_owner (
  user_id        VARCHAR(255) PRIMARY KEY,
  invalidated_at TIMESTAMPTZ
);
