-- patauth schema for H2 2.x. Applied on start when patauth.schema.auto-create is true.

CREATE TABLE IF NOT EXISTS patauth_token (
  id           UUID                     PRIMARY KEY,
  user_id      VARCHAR(255)             NOT NULL,
  name         VARCHAR(200)             NOT NULL,
  token_hash   VARBINARY(32)            NOT NULL UNIQUE,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at TIMESTAMP WITH TIME ZONE,
  expires_at   TIMESTAMP WITH TIME ZONE,
  revoked_at   TIMESTAMP WITH TIME ZONE
);

-- a name has at most 100 code points (PatAuth checks), and H2 counts UTF-16 units, so 200 holds
-- any name. Tables that earlier versions created with VARCHAR(100) are widened here, which
-- changes only the column's metadata and does nothing to a column already this wide
ALTER TABLE patauth_token ALTER COLUMN name SET DATA TYPE VARCHAR(200);

CREATE INDEX IF NOT EXISTS patauth_token_active_by_user ON patauth_token (user_id, revoked_at);

CREATE INDEX IF NOT EXISTS patauth_token_revoked ON patauth_token (revoked_at);

CREATE TABLE IF NOT EXISTS patauth_owner (
  user_id        VARCHAR(255)             PRIMARY KEY,
  invalidated_at TIMESTAMP WITH TIME ZONE
);
