package dev.mailover.outbox;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every SQL statement of the outbox, in plain JDBC. The one table holds an entry per email; a second one holds
 * attachment bytes in chunks of at most {@link #CHUNK} bytes, streamed in at enqueue and out at relay time, so
 * that no driver (PostgreSQL and MySQL read whole rows into memory) holds a large attachment at once.
 *
 * <p>Changes of a worker's entry are conditional on its claim ({@code lease_owner} and status {@code SENDING}):
 * a worker whose lease expired and was taken over cannot overwrite the new owner's state.
 */
final class OutboxStore {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** The largest chunk of attachment bytes in one row. */
    static final int CHUNK = 1 << 20;
    /** Every statement gives up after this long, so that a stuck database cannot hold a thread forever. */
    static final int QUERY_TIMEOUT_SECONDS = 30;

    private static final String TABLE = "mailover_outbox";
    private static final String ENVELOPES = "mailover_outbox_envelope";
    private static final String PARTS = "mailover_outbox_attachment";
    private static final String COLUMNS = "id, message_id, status, attempts, last_failure, last_detail, last_hint,"
            + " possibly_delivered, created_at, queued_at, next_attempt_at, finished_at, transport, provider_id";
    private static final int COLUMN_COUNT = 14;
    /**
     * How many ids the fixed-shape {@code IN (…)} lists of the relay's updates hold; a shorter list is padded with an
     * id that never exists, so that a session prepares one statement for each, and a longer run of ids is split.
     * Longer lists are slower: PostgreSQL plans an update of 32 listed ids of a table of some thousand rows as a
     * sequential scan (measured: one per list, 290 µs of server CPU per email), not as primary-key lookups.
     */
    private static final int ID_LIST = 8;
    /** The claim: the due rows with their envelopes (a correlated subquery, so that only the entries' rows are locked). */
    static final String CLAIM_UPDATE = "UPDATE " + TABLE + " SET status = 'SENDING', lease_owner = ?,"
            + " next_attempt_at = ?, attempts = attempts + 1 WHERE id IN " + places(ID_LIST);
    static final String SENT_TOGETHER = sentTogether(ID_LIST);
    private static final String CLAIM_QUERY = "SELECT " + COLUMNS + ", (SELECT e.envelope FROM " + ENVELOPES
            + " e WHERE e.entry_id = " + TABLE + ".id) FROM " + TABLE + " WHERE status = 'PENDING' AND next_attempt_at <= ? ";
    private static final String TAKEN_OVER = "its worker stopped before it finished (the lease expired), so another "
            + "worker took it over; the stopped worker may have delivered it";

    /** An entry claimed by a worker, with what it needs to send it. */
    record Claimed(OutboxEntry entry, String token, long queuedAt, byte[] envelope) {
    }

    /** A value read from a row, plus its queue time (which the entry does not expose). */
    private record Row(OutboxEntry entry, long queuedAt) {
    }

    /** One unit of work on a connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String flush;

    /**
     * @param flush a statement that makes every committed change durable, run after the commits that must survive
     *              a crash (a stored email, a recorded outcome) and not after those that need not (claims, lease
     *              renewals, take-overs): {@code CHECKPOINT} for the embedded H2 database, which writes commits
     *              to its file lazily; null for a database that makes each commit durable itself
     */
    OutboxStore(DataSource dataSource, Dialect dialect, String flush) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.flush = flush;
    }

    Dialect dialect() {
        return dialect;
    }

    // ---------------------------------------------------------------- enqueue

    /**
     * Stores the email on {@code c} as a PENDING entry due now, its attachments streamed into chunks. Commits
     * nothing: the caller decides (its own transaction, or {@link #store(Email, long)}).
     */
    OutboxEntry insert(Connection c, Email email, long now) throws SQLException {
        List<Long> sizes = new ArrayList<>(email.attachments().size());
        for (Attachment a : email.attachments()) {
            sizes.add(size(a));
        }
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE
                + " (message_id, status, attempts, created_at, queued_at, next_attempt_at, possibly_delivered)"
                + " VALUES (?, 'PENDING', 0, ?, ?, ?, FALSE)", new String[] {"id"})) {
            p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            p.setString(1, email.messageId());
            p.setLong(2, now);
            p.setLong(3, now);
            p.setLong(4, now);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new outbox entry");
                }
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + ENVELOPES + " (entry_id, envelope) VALUES (?, ?)")) {
            p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            p.setLong(1, id);
            p.setBytes(2, Envelope.write(email, sizes));
            p.executeUpdate();
        }
        if (!email.attachments().isEmpty()) {
            insertParts(c, id, email.attachments(), sizes);
        }
        Instant at = Instant.ofEpochMilli(now);
        return new OutboxEntry(id, email.messageId(), OutboxStatus.PENDING, 0, null, "", "", false, at, at, null,
                null, null);
    }

    /** Attempts at storing an email when the database rolls the insert back as a deadlock's victim. */
    private static final int STORE_ATTEMPTS = 3;

    /**
     * Stores the email in a transaction of its own, durable when this returns. A transaction rolled back as a
     * deadlock's victim ({@link StorageFailures#isDeadlock}) is run again, up to {@value #STORE_ATTEMPTS} times.
     */
    OutboxEntry store(Email email, long now) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(true, c -> insert(c, email, now));
            } catch (SQLException e) {
                if (attempt == STORE_ATTEMPTS || !StorageFailures.isDeadlock(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Streams each attachment into chunks. Where the database needs flushing (embedded H2), each chunk is flushed
     * as it is written, inside the still open transaction: H2 would otherwise hold every unsaved chunk in memory
     * until the commit, and then a serialized copy of them all.
     */
    private void insertParts(Connection c, long id, List<Attachment> attachments, List<Long> sizes)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + PARTS
                + " (entry_id, position, chunk, data) VALUES (?, ?, ?, ?)")) {
            p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int position = 0; position < attachments.size(); position++) {
                Attachment a = attachments.get(position);
                long size = sizes.get(position);
                try (InputStream in = a.openStream()) {
                    int chunk = 0;
                    for (long offset = 0; offset < size; offset += CHUNK, chunk++) {
                        int length = (int) Math.min(CHUNK, size - offset);
                        p.setLong(1, id);
                        p.setInt(2, position);
                        p.setInt(3, chunk);
                        p.setBinaryStream(4, new ExactLengthStream(in, length, a.filename()), length);
                        p.executeUpdate();
                        flush(c);
                    }
                } catch (IOException e) {
                    throw new SQLException("cannot read attachment '" + a.filename() + "': " + e.getMessage(),
                            StorageFailures.UNREADABLE_ATTACHMENT, e);
                }
            }
        }
    }

    private static long size(Attachment a) throws SQLException {
        try {
            return a.size();
        } catch (java.io.UncheckedIOException e) {
            throw new SQLException(e.getMessage(), StorageFailures.UNREADABLE_ATTACHMENT, e.getCause());
        }
    }

    // ---------------------------------------------------------------- relay

    /**
     * Claims up to {@code max} due PENDING entries for {@code token} until {@code leaseUntil}, skipping rows that
     * other workers are claiming at the same moment, and counts an attempt on each.
     */
    List<Claimed> claim(int max, long now, long leaseUntil, String token) throws SQLException {
        try (Session s = session()) {
            return s.inTransaction(false, c -> claim(s, max, now, leaseUntil, token));
        }
    }

    private List<Claimed> claim(Session s, int max, long now, long leaseUntil, String token) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        PreparedStatement select = s.prepare(CLAIM_QUERY + dialect.claimTail());
        select.setLong(1, now);
        select.setInt(2, max);
        Instant lease = Instant.ofEpochMilli(leaseUntil);
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                Row row = row(r);
                OutboxEntry e = row.entry;
                byte[] envelope = r.getBytes(COLUMN_COUNT + 1);
                if (envelope == null) {
                    throw new SQLException("outbox entry " + e.id() + " has no envelope in " + ENVELOPES, "22000");
                }
                OutboxEntry sending = new OutboxEntry(e.id(), e.messageId(), OutboxStatus.SENDING, e.attempts() + 1,
                        e.lastFailure().orElse(null), e.lastDetail(), e.lastHint(), e.possiblyDelivered(),
                        e.createdAt(), lease, null, null, null);
                claimed.add(new Claimed(sending, token, row.queuedAt, envelope));
            }
        }
        // The rows are locked by the SELECT above: one set-based update per list of ids claims them all.
        for (int from = 0; from < claimed.size(); from += ID_LIST) {
            int n = Math.min(ID_LIST, claimed.size() - from);
            PreparedStatement update = s.prepare(CLAIM_UPDATE);
            update.setString(1, token);
            update.setLong(2, leaseUntil);
            for (int i = 0; i < ID_LIST; i++) {
                update.setLong(3 + i, i < n ? claimed.get(from + i).entry().id() : -1);
            }
            update.executeUpdate();
        }
        return claimed;
    }

    /** {@code (?, ?, …)} with {@code n} places. */
    private static String places(int n) {
        return "(" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
    }

    /** Extends the leases of entries still held by these claims; returns how many were still held. */
    int renew(List<Claimed> held, long leaseUntil) throws SQLException {
        if (held.isEmpty()) {
            return 0;
        }
        return write(false, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + TABLE + " SET next_attempt_at = ?"
                    + " WHERE id = ? AND lease_owner = ? AND status = 'SENDING'")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                for (Claimed h : held) {
                    p.setLong(1, leaseUntil);
                    p.setLong(2, h.entry().id());
                    p.setString(3, h.token());
                    p.addBatch();
                }
                int n = 0;
                for (int count : p.executeBatch()) {
                    n += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, count);
                }
                return n;
            }
        });
    }

    /**
     * Returns every SENDING entry whose lease ended before {@code now} to PENDING, due at once, marked as
     * possibly delivered (its worker may have sent it before it stopped).
     */
    int takeOverExpired(long now) throws SQLException {
        return write(false, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + TABLE + " SET status = 'PENDING', lease_owner = NULL,"
                    + " possibly_delivered = TRUE, last_detail = ? WHERE status = 'SENDING' AND next_attempt_at <= ?")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                p.setString(1, TAKEN_OVER);
                p.setLong(2, now);
                return p.executeUpdate();
            }
        });
    }

    /** The outcome of one attempt of a claimed entry, recorded by {@link #record}. */
    sealed interface Outcome permits Sent, Failed {
        Claimed claimed();

        /** The entry after the outcome is recorded. */
        OutboxEntry after();
    }

    /** Delivered: SENT, with who delivered it and the id it gave; its attachment bytes are deleted, as nothing sends them again. */
    record Sent(Claimed claimed, long at, String transport, String providerId, boolean hasParts) implements Outcome {
        @Override
        public OutboxEntry after() {
            OutboxEntry e = claimed.entry();
            return new OutboxEntry(e.id(), e.messageId(), OutboxStatus.SENT, e.attempts(), e.lastFailure().orElse(null),
                    e.lastDetail(), e.lastHint(), e.possiblyDelivered(), e.createdAt(), Instant.ofEpochMilli(at),
                    Instant.ofEpochMilli(at), transport, providerId);
        }
    }

    /** Failed: PENDING again at {@code next}, or FAILED for good when {@code next} is null. */
    record Failed(Claimed claimed, long at, Long next, FailureKind kind, String detail, String hint,
                  boolean possiblyDelivered) implements Outcome {
        @Override
        public OutboxEntry after() {
            OutboxEntry e = claimed.entry();
            boolean retry = next != null;
            return new OutboxEntry(e.id(), e.messageId(), retry ? OutboxStatus.PENDING : OutboxStatus.FAILED,
                    e.attempts(), kind, cut(detail, 2000), cut(hint, 2000), e.possiblyDelivered() || possiblyDelivered,
                    e.createdAt(), Instant.ofEpochMilli(retry ? next : at), retry ? null : Instant.ofEpochMilli(at),
                    null, null);
        }
    }

    /** The outcomes recorded, in order (empty where the entry had been taken over), and the next entries claimed. */
    record Recorded(List<Optional<OutboxEntry>> after, List<Claimed> next) {
    }

    /**
     * Records the outcomes of a worker's batch durably and, when {@code nextToken} is given, claims the worker's next
     * batch of up to {@code nextMax} entries in the same transaction: a busy worker pays one commit per batch and
     * never waits for the dispatcher. The deliveries of one claim are recorded by one set-based statement; failures
     * by one batched statement. Each change is conditional on the entry's claim, so an entry taken over meanwhile is
     * left to its new owner: when the set-based statement finds fewer rows than it was given, it is rolled back and
     * the deliveries are recorded one row at a time, which tells which entries are no longer this worker's.
     */
    Recorded record(Session s, List<Outcome> outcomes, long now, long leaseUntil, String nextToken, int nextMax)
            throws SQLException {
        return s.inTransaction(true, c -> {
            boolean[] applied = new boolean[outcomes.size()];
            if (!sentTogether(s, outcomes, applied)) {
                c.rollback(); // undoes the part of the set-based update that matched; nothing else was written yet
                java.util.Arrays.fill(applied, false);
                update(s, outcomes, Sent.class, applied, SENT_ONE, (p, o) -> {
                    p.setLong(1, o.at());
                    p.setLong(2, o.at());
                    p.setString(3, cut(o.transport(), 100));
                    p.setString(4, cut(o.providerId(), 998));
                    p.setLong(5, o.claimed().entry().id());
                    p.setString(6, o.claimed().token());
                });
            }
            update(s, outcomes, Failed.class, applied, "UPDATE " + TABLE + " SET status = ?, lease_owner = NULL,"
                    + " next_attempt_at = ?, finished_at = ?, last_failure = ?, last_detail = ?, last_hint = ?,"
                    + " possibly_delivered = (possibly_delivered OR ?)"
                    + " WHERE id = ? AND lease_owner = ? AND status = 'SENDING'", (p, o) -> {
                        boolean retry = o.next() != null;
                        p.setString(1, retry ? "PENDING" : "FAILED");
                        p.setLong(2, retry ? o.next() : o.at());
                        if (retry) {
                            p.setNull(3, java.sql.Types.BIGINT);
                        } else {
                            p.setLong(3, o.at());
                        }
                        p.setString(4, o.kind().name());
                        p.setString(5, cut(o.detail(), 2000));
                        p.setString(6, cut(o.hint(), 2000));
                        p.setBoolean(7, o.possiblyDelivered());
                        p.setLong(8, o.claimed().entry().id());
                        p.setString(9, o.claimed().token());
                    });
            List<Optional<OutboxEntry>> after = new ArrayList<>(outcomes.size());
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome o = outcomes.get(i);
                if (applied[i] && o instanceof Sent sent && sent.hasParts()) {
                    PreparedStatement delete = s.prepare("DELETE FROM " + PARTS + " WHERE entry_id = ?");
                    delete.setLong(1, o.claimed().entry().id());
                    delete.executeUpdate();
                }
                after.add(applied[i] ? Optional.of(o.after()) : Optional.empty());
            }
            List<Claimed> next = nextToken == null ? List.of() : claim(s, nextMax, now, leaseUntil, nextToken);
            return new Recorded(after, next);
        });
    }

    /** One delivery, recorded on its own (when some entry of a batch was taken over). */
    private static final String SENT_ONE = "UPDATE " + TABLE + " SET status = 'SENT', lease_owner = NULL,"
            + " next_attempt_at = ?, finished_at = ?, transport = ?, provider_id = ?"
            + " WHERE id = ? AND lease_owner = ? AND status = 'SENDING'";

    /**
     * The deliveries of one claim (one token), {@code shape} of them: one statement, the values that differ
     * per entry chosen by {@code CASE id}. The same time is bound twice rather than {@code finished_at =
     * next_attempt_at}, which MySQL would read after its own assignment. It does not say {@code status = 'SENDING'}:
     * a claim's token is in {@code lease_owner} only while its entry is SENDING (every change out of SENDING clears
     * it), and with that condition PostgreSQL planned the update as a scan of the {@code (status, next_attempt_at)}
     * index for SENDING entries, which walks the dead index entries of every earlier claim until a vacuum, instead
     * of primary-key lookups ({@code PostgresStorageTest}).
     */
    private static String sentTogether(int shape) {
        String when = String.join(" ", java.util.Collections.nCopies(shape, "WHEN ? THEN ?"));
        return "UPDATE " + TABLE + " SET status = 'SENT', lease_owner = NULL, next_attempt_at = CASE id " + when
                + " END, finished_at = CASE id " + when + " END, transport = CASE id " + when
                + " END, provider_id = CASE id " + when + " END WHERE id IN " + places(shape) + " AND lease_owner = ?";
    }

    /**
     * Records every delivery among the outcomes set-based, one statement per claim and list of ids; returns false
     * when one of them changed fewer rows than it was given (an entry was taken over), leaving the caller to roll
     * back and record them one by one.
     */
    private static boolean sentTogether(Session s, List<Outcome> outcomes, boolean[] applied) throws SQLException {
        Map<String, List<Integer>> byClaim = new java.util.LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof Sent sent) {
                byClaim.computeIfAbsent(sent.claimed().token(), t -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> claim : byClaim.entrySet()) {
            List<Integer> indexes = claim.getValue();
            for (int from = 0; from < indexes.size(); from += ID_LIST) {
                int n = Math.min(ID_LIST, indexes.size() - from);
                int shape = ID_LIST;
                PreparedStatement p = s.prepare(SENT_TOGETHER);
                int at = 1;
                for (int column = 0; column < 4; column++) {
                    for (int i = 0; i < shape; i++) {
                        Sent o = i < n ? (Sent) outcomes.get(indexes.get(from + i)) : null;
                        p.setLong(at++, o == null ? -1 : o.claimed().entry().id());
                        switch (column) {
                            case 0, 1 -> p.setLong(at++, o == null ? 0 : o.at());
                            case 2 -> p.setString(at++, o == null ? null : cut(o.transport(), 100));
                            default -> p.setString(at++, o == null ? null : cut(o.providerId(), 998));
                        }
                    }
                }
                for (int i = 0; i < shape; i++) {
                    p.setLong(at++, i < n ? outcomes.get(indexes.get(from + i)).claimed().entry().id() : -1);
                }
                p.setString(at, claim.getKey());
                if (p.executeUpdate() != n) {
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    applied[indexes.get(from + i)] = true;
                }
            }
        }
        return true;
    }

    private interface OutcomeBinder<T extends Outcome> {
        void bind(PreparedStatement p, T outcome) throws SQLException;
    }

    /** Runs {@code sql} for every outcome of one type, batched; marks which ones changed their row. */
    private static <T extends Outcome> void update(Session s, List<Outcome> outcomes, Class<T> type, boolean[] applied,
                                                   String sql, OutcomeBinder<T> binder) throws SQLException {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (type.isInstance(outcomes.get(i))) {
                indexes.add(i);
            }
        }
        if (indexes.isEmpty()) {
            return;
        }
        PreparedStatement p = s.prepare(sql);
        if (indexes.size() == 1) {
            binder.bind(p, type.cast(outcomes.get(indexes.get(0))));
            applied[indexes.get(0)] = p.executeUpdate() > 0;
            return;
        }
        for (int i : indexes) {
            binder.bind(p, type.cast(outcomes.get(i)));
            p.addBatch();
        }
        int[] counts = p.executeBatch();
        for (int k = 0; k < indexes.size(); k++) {
            applied[indexes.get(k)] = counts[k] > 0 || counts[k] == Statement.SUCCESS_NO_INFO;
        }
    }

    static Outcome sent(Claimed claimed, long now, String transport, String providerId, boolean hasParts) {
        return new Sent(claimed, now, transport, providerId, hasParts);
    }

    static Outcome failed(Claimed claimed, long now, Long next, FailureKind kind, String detail, String hint,
                          boolean possiblyDelivered) {
        return new Failed(claimed, now, next, kind, detail, hint, possiblyDelivered);
    }

    /** Records that a claimed entry was sent, claiming nothing next. */
    Optional<OutboxEntry> markSent(Claimed claimed, long now, String transport, String providerId, boolean hasParts)
            throws SQLException {
        try (Session s = session()) {
            return record(s, List.of(sent(claimed, now, transport, providerId, hasParts)), now, now, null, 0).after().get(0);
        }
    }

    /** Records a failed attempt of a claimed entry, claiming nothing next. */
    Optional<OutboxEntry> markFailed(Claimed claimed, long now, Long next, FailureKind kind, String detail, String hint,
                                     boolean possiblyDelivered) throws SQLException {
        try (Session s = session()) {
            return record(s, List.of(failed(claimed, now, next, kind, detail, hint, possiblyDelivered)), now, now, null, 0)
                    .after().get(0);
        }
    }

    /** Gives a claimed entry back untried: PENDING, due at {@code now}, its attempt not counted. */
    void release(Claimed claimed, long now) throws SQLException {
        write(false, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + TABLE + " SET status = 'PENDING', lease_owner = NULL,"
                    + " next_attempt_at = ?, attempts = attempts - 1 WHERE id = ? AND lease_owner = ? AND status = 'SENDING'")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                p.setLong(1, now);
                p.setLong(2, claimed.entry().id());
                p.setString(3, claimed.token());
                return p.executeUpdate();
            }
        });
    }

    /**
     * The attachment at {@code position} of an entry, read back chunk by chunk: into a file in {@code spool} when it
     * is larger than {@code inMemoryLimit} (a file attachment, streamed again by the transport), else into memory.
     * An inline part is always read into memory, as {@link Attachment#inline} takes bytes.
     */
    Attachment readPart(long entryId, int position, Envelope.Part part, Path spool, int inMemoryLimit)
            throws SQLException, IOException {
        long chunks = (part.size() + CHUNK - 1) / CHUNK;
        boolean inMemory = part.contentId() != null || part.size() <= inMemoryLimit;
        if (inMemory) {
            if (part.size() > Integer.MAX_VALUE - 16) {
                throw new IOException("inline part '" + part.filename() + "' is too large to hold in memory");
            }
            byte[] bytes = new byte[(int) part.size()];
            int offset = 0;
            for (int chunk = 0; chunk < chunks; chunk++) {
                try (InputStream in = openChunk(entryId, position, chunk)) {
                    offset += in.readNBytes(bytes, offset, bytes.length - offset);
                }
            }
            checkLength(part, offset);
            return part.contentId() != null
                    ? Attachment.inline(part.contentId(), part.filename(), part.contentType(), bytes)
                    : Attachment.of(part.filename(), part.contentType(), bytes);
        }
        Path file = Files.createTempFile(spool, "entry-" + entryId + "-" + position + "-", ".part");
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                try (InputStream in = openChunk(entryId, position, chunk)) {
                    written += in.transferTo(out);
                }
            }
        }
        checkLength(part, written);
        return Attachment.of(part.filename(), part.contentType(), file);
    }

    /**
     * One chunk's bytes as a stream over its own connection, closed with the stream. One row at a time: a driver
     * that buffers whole result sets holds one chunk, never the attachment.
     */
    private InputStream openChunk(long entryId, int position, int chunk) throws SQLException {
        Connection c = dataSource.getConnection();
        PreparedStatement p = null;
        ResultSet r = null;
        try {
            p = c.prepareStatement("SELECT data FROM " + PARTS + " WHERE entry_id = ? AND position = ? AND chunk = ?");
            p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            p.setLong(1, entryId);
            p.setInt(2, position);
            p.setInt(3, chunk);
            r = p.executeQuery();
            if (!r.next()) {
                throw new SQLException("attachment " + position + " of outbox entry " + entryId + " lacks chunk " + chunk,
                        "22000");
            }
            AutoCloseable[] resources = {r, p, c};
            return new java.io.FilterInputStream(r.getBinaryStream(1)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        closeAll(resources);
                    }
                }
            };
        } catch (SQLException | RuntimeException e) {
            try {
                closeAll(new AutoCloseable[] {r, p, c});
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void closeAll(AutoCloseable[] resources) throws IOException {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw new IOException("closing the query of an attachment chunk", first);
        }
    }

    private static void checkLength(Envelope.Part part, long read) throws IOException {
        if (read != part.size()) {
            throw new IOException("attachment '" + part.filename() + "' has " + read + " stored bytes, expected "
                    + part.size());
        }
    }

    // ---------------------------------------------------------------- admin

    Optional<OutboxEntry> find(String messageId) throws SQLException {
        return withConnection(c -> first(c, "SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE message_id = ? ORDER BY id DESC LIMIT 1", p -> p.setString(1, messageId)));
    }

    Optional<OutboxEntry> find(long id) throws SQLException {
        return withConnection(c -> first(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?",
                p -> p.setLong(1, id)));
    }

    /** The stored envelope of an entry, for an admin view; empty when there is no such entry. */
    Optional<Envelope> envelope(long id) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT envelope FROM " + ENVELOPES + " WHERE entry_id = ?")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(Envelope.read(r.getBytes(1))) : Optional.empty();
                }
            }
        });
    }

    List<OutboxEntry> list(OutboxStatus status, int limit) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " WHERE status = ? ORDER BY next_attempt_at, id LIMIT ?")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                p.setString(1, status.name());
                p.setInt(2, limit);
                List<OutboxEntry> entries = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        entries.add(row(r).entry);
                    }
                }
                return entries;
            }
        });
    }

    Map<OutboxStatus, Long> counts() throws SQLException {
        return withConnection(c -> {
            Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
            for (OutboxStatus s : OutboxStatus.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT status, COUNT(*) FROM " + TABLE + " GROUP BY status")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        counts.put(OutboxStatus.valueOf(r.getString(1)), r.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    /** How many PENDING entries are due at {@code now}: the backlog the health check reports. */
    long due(long now) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE
                    + " WHERE status = 'PENDING' AND next_attempt_at <= ?")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                p.setLong(1, now);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    /** Queues a FAILED entry again, due now, with its attempts and age counted afresh. */
    boolean retry(long id, long now) throws SQLException {
        return write(true, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + TABLE + " SET status = 'PENDING', attempts = 0,"
                    + " queued_at = ?, next_attempt_at = ?, finished_at = NULL WHERE id = ? AND status = 'FAILED'")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                p.setLong(1, now);
                p.setLong(2, now);
                p.setLong(3, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** Deletes SENT and FAILED entries that finished before {@code before}; their attachments go with them (ON DELETE CASCADE). */
    int purge(long before) throws SQLException {
        return write(true, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE status IN ('SENT', 'FAILED') AND next_attempt_at < ?")) {
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                p.setLong(1, before);
                return p.executeUpdate();
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private static Optional<OutboxEntry> first(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            binder.bind(p);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(row(r).entry) : Optional.empty();
            }
        }
    }

    /** Reads the {@link #COLUMNS}, by position. */
    private static Row row(ResultSet r) throws SQLException {
        String failure = r.getString(5);
        long finished = r.getLong(12);
        boolean hasFinished = !r.wasNull();
        OutboxEntry entry = new OutboxEntry(r.getLong(1), r.getString(2), OutboxStatus.valueOf(r.getString(3)),
                r.getInt(4), failure == null ? null : kind(failure), r.getString(6), r.getString(7), r.getBoolean(8),
                Instant.ofEpochMilli(r.getLong(9)), Instant.ofEpochMilli(r.getLong(11)),
                hasFinished ? Instant.ofEpochMilli(finished) : null, r.getString(13), r.getString(14));
        return new Row(entry, r.getLong(10));
    }

    private static FailureKind kind(String name) {
        try {
            return FailureKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return FailureKind.UNKNOWN; // written by a newer version that knows more kinds
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    <T> T withConnection(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Runs one statement that changes data: in autocommit mode the statement is its own transaction; on a
     * connection from a pool configured without autocommit, it is committed here, never left to a rollback.
     * {@code durable}: made durable before this returns.
     */
    <T> T write(boolean durable, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            T result;
            if (c.getAutoCommit()) {
                result = work.run(c);
            } else {
                try {
                    result = work.run(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    rollback(c, e);
                    throw e;
                }
            }
            if (durable) {
                flush(c);
            }
            return result;
        }
    }

    /**
     * Runs several statements in one transaction, committed when the work returns and rolled back when it throws;
     * {@code durable}: made durable before this returns.
     */
    <T> T inTransaction(boolean durable, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            if (auto) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                c.commit();
                if (durable) {
                    flush(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                if (auto) {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** A session for one worker's run of batches; see {@link Session}. */
    Session session() {
        return new Session();
    }

    /**
     * A worker's connection, held from one batch to the next while the worker has work, with the relay's statements
     * prepared once on it: recording outcomes and claiming the next batch then parse no SQL (H2 caches no
     * {@code UPDATE} and no {@code SELECT … FOR UPDATE} in its session, so it parsed each one again for every
     * batch). Not thread-safe: one worker uses it. A transaction that fails closes the connection, and the next one
     * takes a fresh connection from the data source. The connection is idle between transactions (nothing is left
     * uncommitted, so it holds no locks while the worker sends).
     */
    final class Session implements AutoCloseable {
        private final Map<String, PreparedStatement> statements = new java.util.HashMap<>();
        private Connection connection;
        private boolean wasAutoCommit;

        /** The statement for {@code sql} on this session's connection, prepared the first time it is asked for. */
        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement p = statements.get(sql);
            if (p == null) {
                p = connection().prepareStatement(sql);
                p.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                statements.put(sql, p);
            }
            return p;
        }

        private Connection connection() throws SQLException {
            if (connection == null) {
                Connection c = dataSource.getConnection();
                try {
                    wasAutoCommit = c.getAutoCommit();
                    if (wasAutoCommit) {
                        c.setAutoCommit(false);
                    }
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(c, e);
                    throw e;
                }
                connection = c;
            }
            return connection;
        }

        /**
         * Runs the work in one transaction, committed when it returns and rolled back when it throws (the connection
         * is then given up); {@code durable}: made durable before this returns.
         */
        <T> T inTransaction(boolean durable, Work<T> work) throws SQLException {
            Connection c = connection();
            try {
                T result = work.run(c);
                c.commit();
                if (durable && flush != null) {
                    prepare(flush).execute();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                discard(e);
                throw e;
            }
        }

        private void discard(Exception failure) {
            statements.clear(); // closed with their connection
            Connection c = connection;
            connection = null;
            if (c != null) {
                closeQuietly(c, failure);
            }
        }

        /** Closes the statements and gives the connection back, as autocommit as it came. */
        @Override
        public void close() {
            Connection c = connection;
            if (c == null) {
                return;
            }
            try {
                for (PreparedStatement p : statements.values()) {
                    p.close();
                }
                if (wasAutoCommit) {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                log.debug("outbox: closing a worker's statements: {}", StorageFailures.describe(e));
            } finally {
                statements.clear();
                connection = null;
                closeQuietly(c, null);
            }
        }
    }

    private static void closeQuietly(Connection c, Exception failure) {
        try {
            c.close();
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                log.debug("outbox: closing a worker's connection: {}", StorageFailures.describe(e));
            }
        }
    }

    /** Makes the commits so far durable, where the database needs to be told (see the constructor). */
    private void flush(Connection c) throws SQLException {
        if (flush != null) {
            try (Statement s = c.createStatement()) {
                s.execute(flush);
            }
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * Exactly {@code length} bytes of a stream that stays open (the next chunk continues from it); a stream that
     * ends early means the attachment changed while it was being stored.
     */
    private static final class ExactLengthStream extends InputStream {
        private final InputStream in;
        private final String filename;
        private long left;

        ExactLengthStream(InputStream in, long length, String filename) {
            this.in = in;
            this.left = length;
            this.filename = filename;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw shorter();
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw shorter();
            }
            left -= n;
            return n;
        }

        private IOException shorter() {
            return new IOException("attachment '" + filename + "' became shorter while it was being stored");
        }

        @Override
        public void close() {
            // the attachment's stream is closed by its owner, after the last chunk
        }
    }
}
