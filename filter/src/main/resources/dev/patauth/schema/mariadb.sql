-- patauth schema for MariaDB (10.6 and later) and MySQL 8. Applied on start when
-- patauth.schema.auto-create is true; copy it into your own Flyway or Liquibase migration when
-- you manage the schema yourself. Every statement can run again.
--
-- InnoDB, for row locks and transactions. utf8mb4 with its binary collation: user ids and scope
-- names compare exactly, case and accents included, as on PostgreSQL (PAD SPACE still ignores
-- trailing spaces in comparisons). Times are DATETIME(6) holding UTC: microseconds like
-- PostgreSQL, no session time zone applied, and no end in 2038 as TIMESTAMP has on MySQL.
-- Ids are CHAR(36) in ASCII: the UUID's text, which MySQL can store too (MariaDB's UUID type is
-- not in MySQL) and which sorts as the UUID's bytes do. The indexes are part of CREATE TABLE
-- because MySQL has no CREATE INDEX IF NOT EXISTS.

-- name: at most 100 code points, which is what VARCHAR(100) counts in utf8mb4
CREATE TABLE IF NOT EXISTS patauth_token (
  id           CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  user_id      VARCHAR(255) NOT NULL,
  name         VARCHAR(100) NOT NULL,
  token_hash   BINARY(32)   NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  last_used_at DATETIME(6)  NULL,
  expires_at   DATETIME(6)  NULL,
  revoked_at   DATETIME(6)  NULL,
  PRIMARY KEY (id),
  UNIQUE KEY patauth_token_hash (token_hash),
  -- listing and counting a user's active tokens
  KEY patauth_token_active_by_user (user_id, revoked_at, created_at),
  -- nodes that poll for revocations ask for rows revoked since their last poll
  KEY patauth_token_revoked (revoked_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

-- one row per token owner, locked (SELECT … FOR UPDATE) while a token is created so the
-- per-user limit holds under concurrent creates on any number of nodes; invalidated_at tells
-- polling nodes that the owner's account changed (PatAuth.invalidateUser)
CREATE TABLE IF NOT EXISTS patauth_owner (
  user_id        VARCHAR(255) NOT NULL,
  invalidated_at DATETIME(6)  NULL,
  PRIMARY KEY (user_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;
