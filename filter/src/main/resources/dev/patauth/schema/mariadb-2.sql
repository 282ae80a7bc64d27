-- patauth schema version 2 for MariaDB: scopes, where a token was last used from, why it was
-- revoked, expiry warnings and the sweep. Applied on start after mariadb.sql when
-- patauth.schema.auto-create is true; every statement can run again on MariaDB. Upgrading a
-- database that you manage yourself: add this file as the migration after your copy of
-- mariadb.sql. MySQL 8 has no ADD COLUMN IF NOT EXISTS and no CREATE INDEX IF NOT EXISTS: on
-- MySQL, apply this file once, without the words IF NOT EXISTS, and set
-- patauth.schema.auto-create to false.

-- the token's scopes, separated by spaces; NULL: every scope the app declares (tokens created
-- before scopes existed, or while the app declared none)
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS scopes VARCHAR(1000) NULL;
-- the client address and User-Agent of the last use, written with last_used_at
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS last_used_address VARCHAR(100) NULL;
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS last_used_agent VARCHAR(200) NULL;
-- owner, admin, leak_report, inactivity or rotation
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS revoked_reason VARCHAR(20) NULL;
-- the last expiry warning sent, in days before the expiry (7, then 1); NULL: none yet
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS expiry_notice SMALLINT NULL;
-- when the token's expiry was brought forward (a rotation with a grace period), so that
-- nodes that poll for revocations hear of it too
ALTER TABLE patauth_token ADD COLUMN IF NOT EXISTS changed_at DATETIME(6) NULL;

-- the sweep (expiry warnings) and the administrators' list ("expiring within") read tokens by
-- expiry; MariaDB has no partial indexes, so these hold every row
CREATE INDEX IF NOT EXISTS patauth_token_expiring ON patauth_token (expires_at, id);

-- the administrators' list without a filter, and by scope: tokens newest first
CREATE INDEX IF NOT EXISTS patauth_token_newest ON patauth_token (created_at, id);

-- polling nodes ask for tokens changed since their last poll
CREATE INDEX IF NOT EXISTS patauth_token_changed ON patauth_token (changed_at);

-- one row: when a node last claimed the sweep, so that one node sweeps per interval
CREATE TABLE IF NOT EXISTS patauth_sweep (
  id       INTEGER     NOT NULL,
  swept_at DATETIME(6) NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB;
