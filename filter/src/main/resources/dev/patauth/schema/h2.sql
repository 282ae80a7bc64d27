-- patauth schema for H2 2.x. Applied on start when patauth.schema.auto-create is true.

CREATE TABLE IF NOT EXISTS patauth_token (
  id           UUID                     PRIMARY KEY,
  user_id      VARCHAR(255)             NOT NULL,
  name         VARCHAR(100)             NOT NULL,
  token_hash   VARBINARY(32)            NOT NULL UNIQUE,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at TIMESTAMP WITH TIME ZONE,
  expires_at   TIMESTAMP WITH TIME ZONE,
  revoked_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX IF NOT EXISTS patauth_token_active_by_user ON patauth_token (user_id, revoked_at);

CREATE INDEX IF NOT EXISTS patauth_token_revoked ON patauth_token (revoked_at);

CREATE TABLE IF NOT EXISTS patauth_owner (
  user_id        VARCHAR(255)             PRIMARY KEY,
  invalidated_at TIMESTAMP WITH TIME ZONE
);
