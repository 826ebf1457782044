#!/usr/bin/env python3
"""Time to first reply per channel in DuckDB (issue 14, the analysis peer of `maturity metric`).

    python latency_duckdb.py DATASET_DIR [--quarter 2026Q2] [--org-timezone Europe/Berlin] [--min-group-size 5]

Loads DATASET_DIR/people.csv and DATASET_DIR/messages.csv (canonical CSV) into DuckDB tables of its own (an
in-memory database), computes response latency as metrics section 1 defines it (mention, thread and direct
requests; thread and conversation rules; censoring; bots, system messages and aliases as section 0 says) in SQL,
and prints `channel,n,median_hours,p90_hours` sorted by channel (code point order) for the channels whose
audience reaches the minimum group size and that have a request in the quarter (n: answered requests; empty
values when none is answered). Timings (load, compute) go to stderr.

The same people and messages as a store holding only people.csv and messages.csv: an @ token resolves against
the directory and the references of these two files (a store with more files may know more people).
"""
import argparse
import csv
import datetime as dt
import sys
import time
import zoneinfo

import duckdb

# Unicode White_Space (metrics section 0, "Text").
WHITE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"
WHITE_CLASS = "".join(f"\\x{{{ord(c):x}}}" for c in WHITE)


def quarter_bounds(quarter, zone):
    year, q = int(quarter[:4]), int(quarter[5])
    tz = zoneinfo.ZoneInfo(zone)
    start = dt.datetime(year, 3 * (q - 1) + 1, 1, tzinfo=tz)
    end = dt.datetime(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=tz)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--quarter", default="2026Q2")
    ap.add_argument("--org-timezone", default="Europe/Berlin")
    ap.add_argument("--min-group-size", type=int, default=5)
    args = ap.parse_args()
    start_ms, end_ms = quarter_bounds(args.quarter, args.org_timezone)

    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    white = WHITE.replace("'", "''")

    def load(table, path):
        con.execute(f"CREATE TABLE {table}_raw AS SELECT * FROM read_csv('{path}', all_varchar = true, header = true,"
                    " quote = '\"', escape = '\"', delim = ',')")
        # Columns are matched by name, ignoring case and surrounding spaces.
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}_raw").fetchall()]
        select = ", ".join(f'"{c}" AS "{c.strip().lstrip(chr(0xFEFF)).strip().lower()}"' for c in cols)
        con.execute(f"CREATE TABLE {table} AS SELECT row_number() OVER () AS rn, {select} FROM {table}_raw")
        con.execute(f"DROP TABLE {table}_raw")

    load("people", f"{args.dataset}/people.csv")
    load("messages", f"{args.dataset}/messages.csv")
    t1 = time.perf_counter()

    # A person reference, normalised (section 0, "People"): trimmed; an e-mail address (`@`, no `:`) in ASCII
    # lower case; anything else exact.
    con.execute(f"""
        CREATE MACRO norm(r) AS CASE
            WHEN trim(r, '{white}') = '' THEN NULL
            WHEN contains(trim(r, '{white}'), ':') THEN trim(r, '{white}')
            WHEN contains(trim(r, '{white}'), '@')
                THEN translate(trim(r, '{white}'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
            ELSE trim(r, '{white}') END
    """)
    token_re = ("(?:^|[^A-Za-z0-9_@./:+\\-])@([A-Za-z0-9][A-Za-z0-9._:+\\-]*"
                "(?:@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+)?)")
    url_re = f"[hH][tT][tT][pP][sS]?://[^{WHITE_CLASS}<>]+"
    sql = f"""
    -- The directory's identities: person_id, e-mail, aliases.
    CREATE TEMP TABLE dir AS
        SELECT norm(person_id) AS pid, coalesce(lower(trim(is_bot, '{white}')) IN ('true', 'yes', '1'), false) AS bot,
               email, aliases FROM people WHERE norm(person_id) IS NOT NULL;
    CREATE TEMP TABLE ident AS
        SELECT DISTINCT ref, 'd:' || pid AS pkey, bot FROM (
            SELECT pid AS ref, pid, bot FROM dir
            UNION ALL SELECT norm(email), pid, bot FROM dir
            UNION ALL SELECT norm(unnest(string_split(aliases, ';'))), pid, bot FROM dir)
        WHERE ref IS NOT NULL;
    -- Messages, with the references their rows name.
    CREATE TEMP TABLE m0 AS
        SELECT rn, channel AS ch, message_id AS mid, norm(author) AS aref,
               epoch_ms(CAST(sent_at AS TIMESTAMPTZ)) AS ms,
               coalesce(lower(trim(is_system, '{white}')) IN ('true', 'yes', '1'), false) AS sys,
               coalesce(nullif(source, ''), 'csv') AS src,
               (thread_id IS NULL OR thread_id = '' OR thread_id = message_id) AS is_root,
               CASE WHEN thread_id IS NULL OR thread_id = '' OR thread_id = message_id THEN message_id ELSE thread_id END AS tkey,
               regexp_matches(regexp_replace(coalesce(text, ''), '{url_re}', '', 'g'), '[?？]') AS isq,
               list_filter(list_transform(string_split(coalesce(mentions, ''), ';'), lambda x: norm(x)), lambda x: x IS NOT NULL) AS mrefs,
               list_distinct(list_transform(regexp_extract_all(coalesce(text, ''), '{token_re}', 1),
                                            lambda x: norm(rtrim(x, '.:-_')))) AS toks
        FROM messages;
    -- Every reference of the two files is a person: the directory's, else one created from it (never a bot).
    CREATE TEMP TABLE person_of AS
        SELECT ref, pkey, bot FROM ident
        UNION ALL
        SELECT DISTINCT r, 'r:' || r, false FROM (
            SELECT aref AS r FROM m0 UNION ALL SELECT unnest(mrefs) FROM m0)
        WHERE r IS NOT NULL AND r NOT IN (SELECT ref FROM ident);
    CREATE TEMP TABLE m1 AS
        SELECT m0.*, p.pkey AS author, p.bot AS abot FROM m0 JOIN person_of p ON p.ref = m0.aref;
    CREATE TEMP TABLE chan AS
        SELECT ch, kind IN ('direct', 'group') AS direct,
               kind IN ('direct', 'group') OR NOT has_replies AS conv,
               count_person = 1 AND has_bot AS botconv
        FROM (SELECT ch, lower(trim(coalesce(arg_min(channel_kind, rn), ''), '{white}')) AS kind,
                     bool_or(NOT is_root) AS has_replies,
                     count(DISTINCT m1.author) FILTER (WHERE NOT abot) AS count_person, bool_or(abot) AS has_bot
              FROM m1 JOIN messages USING (rn) GROUP BY ch);
    CREATE TEMP TABLE last_of_source AS SELECT src, max(ms) AS last FROM m1 GROUP BY src;
    -- The messages that count (by a person, not system), in message order per channel.
    CREATE TEMP TABLE m AS
        SELECT m1.rn, m1.ch, m1.ms, m1.author, m1.src, m1.isq, m1.is_root,
               c.conv, c.direct, c.botconv,
               CASE WHEN c.conv THEN '' ELSE m1.tkey END AS tkey,
               (c.conv OR NOT m1.is_root) AS is_reply,
               row_number() OVER (PARTITION BY m1.ch ORDER BY m1.ms, m1.mid) AS ord
        FROM m1 JOIN chan c USING (ch) WHERE NOT m1.sys AND NOT m1.abot;
    -- Mentioned people: the mentions column, then @ tokens that name a person; bots and the author left out.
    CREATE TEMP TABLE mn AS
        SELECT DISTINCT m.ch, m.ord, m.tkey, p.pkey AS q FROM m JOIN m1 USING (rn),
            (SELECT unnest(list_concat(m1.mrefs, m1.toks)) AS ref) r
            JOIN person_of p ON p.ref = r.ref
        WHERE NOT p.bot AND p.pkey <> m.author;
    CREATE TEMP TABLE nobody AS SELECT m.* FROM m ANTI JOIN mn USING (ch, ord);

    CREATE TEMP TABLE req AS
    -- Mention requests: the mentioned person's first later reply in the thread (conversation); a mention of q
    -- is not a new request while an earlier one has no response: the first mention per response.
    WITH ev AS (
        SELECT ch, tkey, q AS who, ord, 1 AS is_mention, NULL AS is_reply FROM mn
        UNION ALL SELECT ch, tkey, author, ord, 0, is_reply FROM m),
    nxt AS (
        SELECT ch, ord, who, is_mention,
               min(CASE WHEN is_mention = 0 AND is_reply THEN ord END) OVER (
                   PARTITION BY ch, tkey, who ORDER BY ord ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS resp,
               tkey
        FROM ev),
    mention AS (
        SELECT ch, ord, resp FROM (
            SELECT *, row_number() OVER (PARTITION BY ch, tkey, who, resp ORDER BY ord) AS k FROM nxt
            WHERE is_mention = 1) WHERE k = 1),
    -- Thread rules: a root that mentions nobody; the first later reply in its thread by someone else; a
    -- request if it asks a question or has that reply.
    troot AS (
        SELECT r.ch, r.ord, min(x.ord) AS resp, any_value(r.isq) AS isq
        FROM nobody r LEFT JOIN m x ON x.ch = r.ch AND x.tkey = r.tkey AND NOT x.is_root AND x.ord > r.ord
                                       AND x.author <> r.author
        WHERE NOT r.conv AND r.is_root GROUP BY r.ch, r.ord),
    -- Runs: maximal sequences of one author's messages in a channel. The first later message by someone
    -- other than the author is the first message of the next run.
    runs AS (
        SELECT *, sum(CASE WHEN prev IS DISTINCT FROM author THEN 1 ELSE 0 END) OVER (PARTITION BY ch ORDER BY ord) AS run
        FROM (SELECT ch, ord, ms, author, isq, conv, direct, botconv,
                     lag(author) OVER (PARTITION BY ch ORDER BY ord) AS prev FROM m)),
    run AS (
        SELECT ch, run, min(ord) AS first, bool_or(isq) AS q FROM runs GROUP BY ch, run),
    nextrun AS (
        SELECT a.ch, a.run, a.first, a.q, b.first AS resp FROM run a LEFT JOIN run b ON b.ch = a.ch AND b.run = a.run + 1),
    -- Conversation rules in a public or private channel: a question that mentions nobody; the first later
    -- message by anyone else.
    cq AS (
        SELECT r.ch, r.ord, n.resp FROM runs r JOIN nobody USING (ch, ord) JOIN nextrun n USING (ch, run)
        WHERE r.conv AND NOT r.direct AND r.isq),
    -- Direct and group conversations (not with a bot): the first message of the next run answers a run; its
    -- first message is a request if it mentions nobody and the run asks a question or is answered within 168 h.
    direct AS (
        SELECT n.ch, n.first AS ord, n.resp, n.q FROM nextrun n JOIN runs r ON r.ch = n.ch AND r.ord = n.first
        WHERE r.direct AND NOT r.botconv)
    SELECT ch, ord, resp FROM mention
    UNION ALL SELECT ch, ord, resp FROM troot WHERE isq OR resp IS NOT NULL
    UNION ALL SELECT ch, ord, resp FROM cq
    UNION ALL SELECT d.ch, d.ord, d.resp FROM direct d JOIN nobody USING (ch, ord)
        LEFT JOIN m x ON x.ch = d.ch AND x.ord = d.resp
        WHERE d.q OR (d.resp IS NOT NULL AND x.ms - nobody.ms <= 604800000);

    CREATE TEMP TABLE lat AS
        SELECT req.ch, a.ms AS at, (b.ms - a.ms)::DOUBLE / 3600000.0::DOUBLE AS hours
        FROM req JOIN m a ON a.ch = req.ch AND a.ord = req.ord
        LEFT JOIN m b ON b.ch = req.ch AND b.ord = req.resp
        JOIN last_of_source l ON l.src = a.src
        WHERE a.ms >= {start_ms} AND a.ms < {end_ms} AND NOT (a.ms > l.last - 604800000);
    """
    con.execute(sql)
    # Channels with a request of the quarter (censored ones included) and an audience (distinct authors of the
    # quarter's counted messages) of at least the minimum group size; percentiles by linear interpolation.
    rows = con.execute(f"""
        WITH has_req AS (
            SELECT DISTINCT req.ch FROM req JOIN m a ON a.ch = req.ch AND a.ord = req.ord
            WHERE a.ms >= {start_ms} AND a.ms < {end_ms}),
        audience AS (
            SELECT ch, count(DISTINCT author) AS n FROM m WHERE ms >= {start_ms} AND ms < {end_ms} GROUP BY ch),
        v AS (SELECT ch, list_sort(list(hours) FILTER (WHERE hours IS NOT NULL)) AS x FROM lat GROUP BY ch),
        p AS (SELECT ch, x, len(x) AS n, (len(x) - 1)::DOUBLE * 0.5::DOUBLE AS h5, (len(x) - 1)::DOUBLE * 0.9::DOUBLE AS h9 FROM v)
        SELECT h.ch, coalesce(p.n, 0),
            CASE WHEN p.n > 0 THEN CASE WHEN h5 = floor(h5) THEN x[floor(h5)::BIGINT + 1]
                 ELSE x[floor(h5)::BIGINT + 1] + (h5 - floor(h5)) * (x[floor(h5)::BIGINT + 2] - x[floor(h5)::BIGINT + 1]) END END,
            CASE WHEN p.n > 0 THEN CASE WHEN h9 = floor(h9) THEN x[floor(h9)::BIGINT + 1]
                 ELSE x[floor(h9)::BIGINT + 1] + (h9 - floor(h9)) * (x[floor(h9)::BIGINT + 2] - x[floor(h9)::BIGINT + 1]) END END
        FROM has_req h JOIN audience a USING (ch) LEFT JOIN p USING (ch)
        WHERE a.n >= {args.min_group_size}
    """).fetchall()
    t2 = time.perf_counter()
    rows.sort(key=lambda r: r[0])
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["channel", "n", "median_hours", "p90_hours"])
    for ch, n, med, p90 in rows:
        out.writerow([ch, n, "" if med is None else repr(float(med)), "" if p90 is None else repr(float(p90))])
    print(f"duckdb {duckdb.__version__}: load {t1 - t0:.3f} s, compute {t2 - t1:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
