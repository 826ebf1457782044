#!/usr/bin/env python3
"""Time to first reply per channel in pandas (issue 14, the analysis peer of `maturity metric`).

    python latency_pandas.py DATASET_DIR [--quarter 2026Q2] [--org-timezone Europe/Berlin] [--min-group-size 5]

Loads DATASET_DIR/people.csv and DATASET_DIR/messages.csv (canonical CSV) into DataFrames, computes response
latency as metrics section 1 defines it (mention, thread and direct requests; thread and conversation rules;
censoring; bots, system messages and aliases as section 0 says) with vectorised pandas operations, and prints
`channel,n,median_hours,p90_hours` sorted by channel (code point order), like latency_duckdb.py: the channels
whose audience reaches the minimum group size and that have a request in the quarter (n: answered requests;
empty values when none is answered). Timings (load, compute) go to stderr.

Percentiles are computed as the spec writes them (x[lo] + frac * (x[lo+1] - x[lo])), not with
`Series.quantile`, whose interpolation (numpy's) rounds differently in the last bit when frac >= 0.5.
"""
import argparse
import csv
import datetime as dt
import re
import sys
import time
import zoneinfo

import numpy as np
import pandas as pd

WHITE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"
URL = re.compile("[hH][tT][tT][pP][sS]?://[^" + re.escape(WHITE) + "<>]+")
TOKEN = re.compile(r"(?<![A-Za-z0-9_@./:+\-])@([A-Za-z0-9][A-Za-z0-9._:+\-]*(?:@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)?)")
LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
WEEK_MS = 604_800_000


def norm(ref):
    r = ref.strip(WHITE)
    if not r:
        return None
    if ":" in r:
        return r
    if "@" in r:
        return r.translate(LOWER)
    return r


def normed(series):
    """norm() of each value, computed once per distinct value."""
    unique = pd.unique(series.dropna())
    return series.map(dict(zip(unique, map(norm, unique))))


def quarter_bounds(quarter, zone):
    year, q = int(quarter[:4]), int(quarter[5])
    tz = zoneinfo.ZoneInfo(zone)
    start = dt.datetime(year, 3 * (q - 1) + 1, 1, tzinfo=tz)
    end = dt.datetime(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=tz)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def read(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.columns = [c.strip().lower() for c in df.columns]
    return df


def boolean(series):
    return series.str.strip(WHITE).str.lower().isin(["true", "yes", "1"])


def percentile(x, n, q):
    """x: sorted values of each group, concatenated; n: group sizes (> 0). The spec's linear interpolation."""
    offsets = np.concatenate([[0], np.cumsum(n)[:-1]])
    h = (n - 1).astype(np.float64) * q
    lo = np.floor(h).astype(np.int64)
    frac = h - lo
    a = x[offsets + lo]
    b = x[offsets + np.minimum(lo + 1, n - 1)]
    return np.where(frac == 0, a, a + frac * (b - a))


def next_run_first(df):
    """For rows sorted by (ch, ord): the run of each row (maximal sequence of one author in a channel), whether it
    starts one, and the ord of the first row of the next run of the channel (NaN for the last run)."""
    new_run = (df["author"] != df.groupby("ch")["author"].shift()).to_numpy()
    run = np.cumsum(new_run)
    runs = pd.DataFrame({"run": run, "ord": df["ord"].to_numpy(), "ch": df["ch"].to_numpy()}).groupby("run").first()
    nxt = runs["ord"].shift(-1).astype(float)
    nxt[runs["ch"].shift(-1) != runs["ch"]] = np.nan
    return run, nxt.reindex(run).to_numpy(), new_run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--quarter", default="2026Q2")
    ap.add_argument("--org-timezone", default="Europe/Berlin")
    ap.add_argument("--min-group-size", type=int, default=5)
    args = ap.parse_args()
    start_ms, end_ms = quarter_bounds(args.quarter, args.org_timezone)

    t0 = time.perf_counter()
    people = read(f"{args.dataset}/people.csv")
    msgs = read(f"{args.dataset}/messages.csv")
    for col in ["thread_id", "mentions", "text", "is_system", "source", "channel_kind"]:
        if col not in msgs:
            msgs[col] = ""
    t1 = time.perf_counter()

    # People: the directory's identities (person_id, e-mail, aliases), then every other reference of the files.
    people = people[people["person_id"].map(norm).notna()].copy()
    people["pkey"] = "d:" + people["person_id"].map(norm)
    people["bot"] = boolean(people["is_bot"]) if "is_bot" in people else False
    refs = []
    for col in ["person_id", "email", "aliases"]:
        if col not in people:
            continue
        s = people[["pkey", "bot", col]].copy()
        s[col] = s[col].str.split(";")
        s = s.explode(col)
        s["ref"] = s[col].map(norm)
        refs.append(s[["ref", "pkey", "bot"]])
    ident = pd.concat(refs).dropna(subset=["ref"]).drop_duplicates("ref")
    person = dict(zip(ident["ref"], ident["pkey"]))
    bot = dict(zip(ident["pkey"], ident["bot"]))

    msgs["aref"] = normed(msgs["author"])
    mrefs = normed(msgs["mentions"].str.split(";").explode()).dropna()
    for r in pd.unique(pd.concat([msgs["aref"].dropna(), mrefs])):
        if r not in person:
            person[r] = "r:" + r
            bot["r:" + r] = False
    msgs["author_p"] = msgs["aref"].map(person)
    msgs["abot"] = msgs["author_p"].map(bot).astype(bool)
    msgs["ms"] = pd.to_datetime(msgs["sent_at"], utc=True, format="ISO8601").dt.as_unit("ns").astype("int64") // 1_000_000
    msgs["sys"] = boolean(msgs["is_system"])
    msgs["src"] = msgs["source"].where(msgs["source"] != "", "csv")
    tid = msgs["thread_id"]
    msgs["is_root"] = (tid == "") | (tid == msgs["message_id"])
    msgs["tkey"] = msgs["message_id"].where(msgs["is_root"], tid)
    msgs["isq"] = msgs["text"].str.replace(URL, "", regex=True).str.contains("[?？]", regex=True)

    # Channels: kind from the first row; thread or conversation rules; conversations with a bot.
    g = msgs.groupby("channel", sort=False)
    kind = g["channel_kind"].first().str.strip(WHITE).str.lower()
    direct = kind.isin(["direct", "group"])
    has_replies = ~g["is_root"].all()
    conv = direct | ~has_replies
    persons = msgs[~msgs["abot"]].groupby("channel")["author_p"].nunique().reindex(kind.index, fill_value=0)
    botconv = (persons == 1) & g["abot"].any()
    last = msgs.groupby("src")["ms"].max()

    # The messages that count, in message order per channel.
    m = msgs[~msgs["sys"] & ~msgs["abot"]][["channel", "message_id", "ms", "author_p", "src", "isq", "is_root",
                                            "tkey", "text", "mentions"]]
    m = m.rename(columns={"channel": "ch", "author_p": "author"})
    m["conv"] = m["ch"].map(conv).to_numpy()
    m["direct"] = m["ch"].map(direct).to_numpy()
    m["botconv"] = m["ch"].map(botconv).to_numpy()
    m.loc[m["conv"], "tkey"] = ""
    # Integer keys: channels numbered in name order (code point order), people and threads in any order.
    m["ch"], names = pd.factorize(m["ch"], sort=True)
    m["author"], people_keys = pd.factorize(m["author"])
    m["tkey"] = pd.factorize(m["tkey"])[0]
    # Message order: by channel, instant, then message_id, which only ties need.
    tie = m.duplicated(["ch", "ms"], keep=False).to_numpy()
    rank = np.zeros(len(m), dtype=np.int64)
    rank[tie] = pd.factorize(m["message_id"][tie], sort=True)[0]
    order = np.lexsort((rank, m["ms"].to_numpy(), m["ch"].to_numpy()))
    orig = m.index.to_numpy()[order]
    m = m.iloc[order].reset_index(drop=True)
    m["ord"] = np.arange(len(m))
    code_of = {key: i for i, key in enumerate(people_keys)}
    m["is_reply"] = m["conv"] | ~m["is_root"]

    # Mentioned people: the mentions column, then @ tokens naming a person; bots and the author left out.
    ord_of = pd.Series(np.arange(len(m)), index=orig)
    col = mrefs[mrefs.index.isin(orig)]
    col.index = ord_of[col.index].to_numpy()
    tok = normed(m["text"].str.findall(TOKEN).explode().dropna().str.rstrip(".:-_"))
    q = pd.concat([col, tok]).dropna().map(person).dropna()
    q = q[~q.map(bot).astype(bool)]
    # People who write no counted message get codes past the authors'.
    extra = pd.unique(q[~q.isin(code_of)])
    code_of.update({key: len(people_keys) + i for i, key in enumerate(extra)})
    mn = q.map(code_of).astype(np.int64).rename("q").to_frame()
    mn["ord"] = mn.index
    mn = mn.drop_duplicates()
    mn = mn.join(m[["ch", "tkey", "author"]], on="ord")
    mn = mn[mn["q"] != mn["author"]]
    nobody = ~m["ord"].isin(mn["ord"])

    requests = []
    # Mention requests: q's first later reply in the thread (conversation); the first mention per response.
    ev = pd.concat([
        pd.DataFrame({"ch": mn["ch"], "tkey": mn["tkey"], "who": mn["q"], "ord": mn["ord"], "cand": np.nan,
                      "mention": True}),
        pd.DataFrame({"ch": m["ch"], "tkey": m["tkey"], "who": m["author"], "ord": m["ord"],
                      "cand": m["ord"].where(m["is_reply"]).astype(float), "mention": False}),
    ]).sort_values(["ch", "tkey", "who", "ord"], kind="stable")
    ev["resp"] = ev.groupby(["ch", "tkey", "who"], sort=False)["cand"].bfill()
    men = ev[ev["mention"]].drop_duplicates(["ch", "tkey", "who", "resp"])
    requests.append(men[["ord", "resp"]])

    # Thread rules: a root mentioning nobody; the first later reply in its thread by someone else; a request
    # if it asks a question or has that reply.
    roots = m[nobody & ~m["conv"] & m["is_root"]][["ch", "tkey", "ord", "author", "isq"]]
    replies = m[~m["conv"] & ~m["is_root"]][["ch", "tkey", "ord", "author"]]
    pair = roots.merge(replies, on=["ch", "tkey"], suffixes=("", "_r"))
    pair = pair[(pair["ord_r"] > pair["ord"]) & (pair["author_r"] != pair["author"])]
    first_reply = pair.groupby("ord")["ord_r"].min()
    roots = roots.assign(resp=roots["ord"].map(first_reply))
    requests.append(roots[roots["isq"] | roots["resp"].notna()][["ord", "resp"]])

    # Conversation rules (any channel): the first later message by another author is the first of the next run.
    run, next_first, run_start = next_run_first(m)
    m["resp_other"] = next_first
    # Public or private channels under conversation rules: a question mentioning nobody.
    cq = m[nobody & m["conv"] & ~m["direct"] & m["isq"]]
    requests.append(pd.DataFrame({"ord": cq["ord"], "resp": cq["resp_other"]}))
    # Direct and group conversations (not with a bot): the first message of a run, if it mentions nobody and
    # the run asks a question or its response comes within 168 h.
    m["run"] = run
    run_q = m.groupby("run")["isq"].transform("any")
    first = m[run_start & m["direct"] & ~m["botconv"] & nobody]
    rq = run_q[first.index]
    nf = first["resp_other"].to_numpy()
    resp_ms = np.where(np.isnan(nf), np.nan, m["ms"].to_numpy()[np.nan_to_num(nf).astype(np.int64)])
    within = pd.Series((resp_ms - first["ms"].to_numpy()) <= WEEK_MS, index=first.index)
    d = first[rq | within]
    requests.append(pd.DataFrame({"ord": d["ord"], "resp": d["resp_other"]}))

    req = pd.concat(requests, ignore_index=True)
    ms = m["ms"].to_numpy()
    req["ch"] = m["ch"].to_numpy()[req["ord"].to_numpy()]
    req["at"] = ms[req["ord"].to_numpy()]
    req["src"] = m["src"].to_numpy()[req["ord"].to_numpy()]
    req = req[(req["at"] >= start_ms) & (req["at"] < end_ms)]
    has_req = set(req["ch"])
    req = req[~(req["at"] > req["src"].map(last) - WEEK_MS)]
    ans = req[req["resp"].notna()]
    hours = (ms[ans["resp"].to_numpy().astype(np.int64)] - ans["at"].to_numpy()).astype(np.float64) / 3_600_000.0
    lat = pd.DataFrame({"ch": ans["ch"].to_numpy(), "hours": hours}).sort_values(["ch", "hours"], kind="stable")

    period = m[(m["ms"] >= start_ms) & (m["ms"] < end_ms)]
    audience = period.groupby("ch")["author"].nunique()
    shown = sorted(ch for ch in has_req if audience.get(ch, 0) >= args.min_group_size)
    counts = lat.groupby("ch", sort=True).size()
    x = lat["hours"].to_numpy()
    n = counts.to_numpy()
    med = dict(zip(counts.index, percentile(x, n, 0.5))) if len(n) else {}
    p90 = dict(zip(counts.index, percentile(x, n, 0.9))) if len(n) else {}
    t2 = time.perf_counter()

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["channel", "n", "median_hours", "p90_hours"])
    for ch in shown:
        k = int(counts.get(ch, 0))
        out.writerow([names[ch], k, repr(float(med[ch])) if k else "", repr(float(p90[ch])) if k else ""])
    print(f"pandas {pd.__version__}: load {t1 - t0:.3f} s, compute {t2 - t1:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
