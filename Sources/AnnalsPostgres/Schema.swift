/// The archive's tables and its append function in one PostgreSQL schema
/// (docs/FORMAT.md, "PostgreSQL"). Every statement is idempotent, so creating the
/// schema of an archive that exists changes nothing.
///
/// The design follows the stores that never lost an event (pyeventsourcing's table
/// lock, commanded's `$all` row, Tessera's `SeqCoord`): positions are assigned under
/// one row lock, `log_head`, held by one function call until its transaction commits.
/// PostgreSQL releases a transaction's locks only after its commit is durable and
/// visible, so a reader that sees `next_position = h` sees every record below `h`:
/// positions are dense and in commit order, and a tailing reader never skips a hole
/// that fills later (the bug Marten, Eventuous and pg_eventstore shipped fixes for).
enum Schema {
    /// The statements creating schema `name`. `name` is a validated identifier.
    static func statements(_ name: String) -> [String] {
        let s = "\"\(name)\""
        return [
            "CREATE SCHEMA IF NOT EXISTS \(s)",
            // The one serialization point: the number of records and the last record time.
            """
            CREATE TABLE IF NOT EXISTS \(s).log_head (
                id smallint PRIMARY KEY CHECK (id = 1),
                next_position bigint NOT NULL CHECK (next_position >= 0),
                last_recorded_at bigint NOT NULL
            )
            """,
            "INSERT INTO \(s).log_head (id, next_position, last_recorded_at) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING",
            """
            CREATE TABLE IF NOT EXISTS \(s).streams (
                stream text PRIMARY KEY,
                version bigint NOT NULL CHECK (version >= 0)
            )
            """,
            // Immutable, insert-only: every field of the record header (FORMAT.md §4), so
            // that Merkle leaves can be recomputed from the table alone.
            """
            CREATE TABLE IF NOT EXISTS \(s).records (
                position bigint PRIMARY KEY CHECK (position >= 0),
                stream text NOT NULL,
                version bigint NOT NULL CHECK (version >= 0),
                id uuid NOT NULL UNIQUE,
                type text NOT NULL,
                recorded_at bigint NOT NULL,
                payload_len integer NOT NULL CHECK (payload_len >= 0),
                digest bytea NOT NULL CHECK (length(digest) = 32),
                UNIQUE (stream, version)
            )
            """,
            // Content apart from the headers, so that a destruction deletes rows of this
            // table only and leaves every header (and every leaf, root and proof) as it was.
            """
            CREATE TABLE IF NOT EXISTS \(s).payloads (
                position bigint PRIMARY KEY REFERENCES \(s).records (position),
                nonce bytea NOT NULL CHECK (length(nonce) = 16),
                payload bytea NOT NULL
            )
            """,
            appendFunction(s),
        ]
    }

    /// `append` judges and writes every job of one group commit under the head's row
    /// lock. The arrays hold one element per record, jobs and their parts in order
    /// (`job`, `part`); `expected` is the part's expected version on each of its
    /// records: -1 any, -2 no stream, -3 stream exists, n ≥ 0 exactly n. It returns
    /// one row per part: the job's status (`ok`, `duplicate`, `wrong_expected_version`,
    /// `idempotency_conflict`), the part's positions and its stream's last version, and
    /// a message for a refused job. A refused job writes nothing; the others in the
    /// call are written. The transaction is the caller's statement: it commits when
    /// the call returns, and only then are the records visible and the lock released.
    private static func appendFunction(_ s: String) -> String {
        """
        CREATE OR REPLACE FUNCTION \(s).append(
            p_job int[], p_part int[], p_stream text[], p_expected bigint[], p_id uuid[],
            p_type text[], p_digest bytea[], p_len int[], p_destroyed bool[],
            p_nonce bytea[], p_payload bytea[])
        RETURNS TABLE (job int, part int, status text, first_position bigint,
                       last_position bigint, last_version bigint, recorded_at bigint, detail text)
        LANGUAGE plpgsql AS $fn$
        DECLARE
            n int := coalesce(array_length(p_job, 1), 0);
            i int := 1;
            a int; b int; k int; c int;
            v_job int;
            v_next bigint;
            v_last_at bigint;
            v_now bigint;
            v_same bigint; v_other bigint; v_count bigint;
            v_running jsonb;
            v_version bigint;
            v_expected bigint;
            v_status text;
            v_detail text;
            v_stream text;
            v_parts int[]; v_firsts bigint[]; v_lasts bigint[]; v_versions bigint[];
        BEGIN
            SELECT h.next_position, h.last_recorded_at INTO v_next, v_last_at
              FROM \(s).log_head h WHERE h.id = 1 FOR UPDATE;
            v_now := greatest((extract(epoch FROM clock_timestamp()) * 1000000)::bigint, v_last_at);
            WHILE i <= n LOOP
                v_job := p_job[i];
                a := i;
                WHILE i <= n AND p_job[i] = v_job LOOP i := i + 1; END LOOP;
                b := i - 1;
                v_count := b - a + 1;
                v_status := 'ok';
                v_detail := NULL;
                v_parts := '{}'; v_firsts := '{}'; v_lasts := '{}'; v_versions := '{}';

                -- Ids: all in their own streams is a retry; any other mix is a conflict.
                SELECT count(*) FILTER (WHERE r.stream = x.stream), count(*) FILTER (WHERE r.stream <> x.stream)
                  INTO v_same, v_other
                  FROM unnest(p_id[a:b], p_stream[a:b]) AS x(id, stream)
                  JOIN \(s).records r ON r.id = x.id;
                IF v_other > 0 THEN
                    v_status := 'idempotency_conflict';
                    SELECT format('event id %s is already in stream %s, not in %s', x.id, r.stream, x.stream)
                      INTO v_detail
                      FROM unnest(p_id[a:b], p_stream[a:b]) AS x(id, stream)
                      JOIN \(s).records r ON r.id = x.id AND r.stream <> x.stream LIMIT 1;
                ELSIF v_same = v_count THEN
                    v_status := 'duplicate';
                ELSIF v_same > 0 THEN
                    v_status := 'idempotency_conflict';
                    v_detail := 'some of this batch''s event ids are already in the log and some are not; a retry must repeat the original batch exactly';
                END IF;

                IF v_status = 'duplicate' THEN
                    RETURN QUERY
                      SELECT v_job, x.part, 'duplicate'::text, min(r.position), max(r.position),
                             (SELECT st.version FROM \(s).streams st WHERE st.stream = min(x.stream)),
                             max(r.recorded_at), NULL::text
                        FROM unnest(p_part[a:b], p_id[a:b], p_stream[a:b]) AS x(part, id, stream)
                        JOIN \(s).records r ON r.id = x.id
                       GROUP BY x.part ORDER BY x.part;
                    CONTINUE;
                END IF;

                -- Expected versions, part by part, each against its stream as the parts
                -- before it in this job leave it.
                IF v_status = 'ok' THEN
                    v_running := '{}'::jsonb;
                    k := a;
                    WHILE k <= b LOOP
                        c := k;
                        WHILE c <= b AND p_part[c] = p_part[k] LOOP c := c + 1; END LOOP;
                        v_stream := p_stream[k];
                        IF v_running ? v_stream THEN
                            v_version := (v_running ->> v_stream)::bigint;
                        ELSE
                            SELECT st.version INTO v_version FROM \(s).streams st WHERE st.stream = v_stream;
                            v_version := coalesce(v_version, -1);
                        END IF;
                        v_expected := p_expected[k];
                        IF (v_expected = -2 AND v_version >= 0) OR (v_expected = -3 AND v_version < 0)
                           OR (v_expected >= 0 AND v_version <> v_expected) THEN
                            v_status := 'wrong_expected_version';
                            v_detail := format('stream %s: expected %s, but it %s', v_stream,
                                CASE v_expected WHEN -1 THEN 'any' WHEN -2 THEN 'no stream'
                                     WHEN -3 THEN 'stream exists' ELSE 'version ' || v_expected END,
                                CASE WHEN v_version < 0 THEN 'has no records' ELSE 'is at version ' || v_version END);
                            EXIT;
                        END IF;
                        v_parts := v_parts || p_part[k];
                        v_firsts := v_firsts || (v_next + (k - a));
                        v_lasts := v_lasts || (v_next + (c - 1 - a));
                        v_versions := v_versions || (v_version + (c - k));
                        v_running := v_running || jsonb_build_object(v_stream, v_version + (c - k));
                        k := c;
                    END LOOP;
                END IF;

                IF v_status <> 'ok' THEN
                    RETURN QUERY SELECT v_job, -1, v_status, NULL::bigint, NULL::bigint,
                                        NULL::bigint, NULL::bigint, v_detail;
                    CONTINUE;
                END IF;

                INSERT INTO \(s).records (position, stream, version, id, type, recorded_at, payload_len, digest)
                SELECT v_next + x.ord - 1, x.stream,
                       coalesce(st.version, -1) + row_number() OVER (PARTITION BY x.stream ORDER BY x.ord),
                       x.id, x.type, v_now, x.len, x.digest
                  FROM unnest(p_stream[a:b], p_id[a:b], p_type[a:b], p_len[a:b], p_digest[a:b])
                       WITH ORDINALITY AS x(stream, id, type, len, digest, ord)
                  LEFT JOIN \(s).streams st ON st.stream = x.stream;
                INSERT INTO \(s).payloads (position, nonce, payload)
                SELECT v_next + x.ord - 1, x.nonce, x.payload
                  FROM unnest(p_destroyed[a:b], p_nonce[a:b], p_payload[a:b])
                       WITH ORDINALITY AS x(destroyed, nonce, payload, ord)
                 WHERE NOT x.destroyed;
                INSERT INTO \(s).streams AS st (stream, version)
                SELECT x.stream, count(*) - 1 FROM unnest(p_stream[a:b]) AS x(stream) GROUP BY x.stream
                ON CONFLICT (stream) DO UPDATE SET version = st.version + excluded.version + 1;

                RETURN QUERY SELECT v_job, u.part, 'ok'::text, u.first, u.last, u.version, v_now, NULL::text
                               FROM unnest(v_parts, v_firsts, v_lasts, v_versions) AS u(part, first, last, version);
                v_next := v_next + v_count;
            END LOOP;
            UPDATE \(s).log_head SET next_position = v_next, last_recorded_at = v_now WHERE id = 1;
            PERFORM pg_notify('annals_log', v_next::text);
        END
        $fn$
        """
    }
}
