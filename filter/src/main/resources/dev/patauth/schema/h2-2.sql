-- patauth schema version 2 for H2 2.x: scopes, where a token was last used from, why it was
-- revoked, expiry warnings and the sweep. Applied on start after h2.sql when
-- patauth.schema.auto-create is true; every statement can run again.

-- the token's scopes, separated by spaces; NULL: every scope the app declares
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS scopes VARCHAR(1000);
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS last_used_address VARCHAR(100);
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS last_used_agent VARCHAR(200);
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS revoked_reason VARCHAR(20);
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS expiry_notice SMALLINT;
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS changed_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX IF NOT EXISTS patauth_token_expiring ON patauth_token (expires_at, id);

CREATE INDEX IF NOT EXISTS patauth_token_newest ON patauth_token (created_at, id);

CREATE INDEX IF NOT EXISTS patauth_token_changed ON patauth_token (changed_at);

CREATE TABLE IF NOT EXISTS patauth_sweep (
  id       INTEGER                  PRIMARY KEY,
  swept_at TIMESTAMP WITH TIME ZONE
);
