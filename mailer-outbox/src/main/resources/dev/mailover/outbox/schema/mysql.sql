-- Mailover outbox schema for MySQL 8.0 or later and MariaDB 10.6 or later (both need FOR UPDATE SKIP LOCKED).
-- Outbox.builder().createSchema(true) (the default) runs this script when the table is missing; with
-- createSchema(false), run it yourself, for example as a Flyway or Liquibase migration. It is idempotent.
-- Times are milliseconds since 1970-01-01T00:00Z (UTC), so no driver or server time zone can shift them.

CREATE TABLE IF NOT EXISTS mailover_outbox (
    id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id         VARCHAR(998)  CHARACTER SET ascii NOT NULL,  -- the email's Message-ID, with angle brackets
    status             VARCHAR(8)    CHARACTER SET ascii NOT NULL,  -- PENDING, SENDING, SENT or FAILED
    attempts           INT           NOT NULL DEFAULT 0,  -- attempts since it was queued
    created_at         BIGINT        NOT NULL,
    queued_at          BIGINT        NOT NULL,  -- when it was stored, or queued again by Outbox.retry(id); maxAge counts from here
    next_attempt_at    BIGINT        NOT NULL,  -- when due; while SENDING, when the lease ends; once finished, when it finished
    finished_at        BIGINT        NULL,      -- when it became SENT or FAILED
    lease_owner        VARCHAR(100)  NULL,      -- the claim of the worker that holds it while SENDING
    transport          VARCHAR(100)  NULL,      -- the transport that delivered it
    provider_id        VARCHAR(998)  NULL,      -- the id that the transport gave it
    last_failure       VARCHAR(32)   NULL,      -- the FailureKind of the last failed attempt
    last_detail        VARCHAR(2000) NULL,
    last_hint          VARCHAR(2000) NULL,
    possibly_delivered BOOLEAN       NOT NULL DEFAULT FALSE,
    INDEX mailover_outbox_due (status, next_attempt_at),  -- the relay's poll: due entries by status and time
    INDEX mailover_outbox_message_id (message_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The email itself, without attachment bytes, in Mailover's own versioned binary encoding: written once at enqueue,
-- apart from the state above, so that the relay's updates of an entry's state never rewrite it. Read it with
-- Outbox.envelope(id), or `mailover outbox show ID`.
CREATE TABLE IF NOT EXISTS mailover_outbox_envelope (
    entry_id  BIGINT    NOT NULL PRIMARY KEY,
    envelope  LONGBLOB  NOT NULL,
    CONSTRAINT mailover_outbox_envelope_entry FOREIGN KEY (entry_id) REFERENCES mailover_outbox (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Attachment bytes in chunks of at most 1 MiB, so that no driver holds a whole attachment in memory.
CREATE TABLE IF NOT EXISTS mailover_outbox_attachment (
    entry_id  BIGINT    NOT NULL,
    position  INT       NOT NULL,  -- the attachment's index in the email
    chunk     INT       NOT NULL,
    data      LONGBLOB  NOT NULL,
    PRIMARY KEY (entry_id, position, chunk),
    CONSTRAINT mailover_outbox_attachment_entry FOREIGN KEY (entry_id) REFERENCES mailover_outbox (id) ON DELETE CASCADE
) ENGINE = InnoDB;
