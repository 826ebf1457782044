#!/usr/bin/env python3
"""The plain peer of `maturity import slack`: a Slack export (its folder, or its ZIP read with zipfile) loaded
with Python's json and sqlite3, as an analyst would write it. users.json into people, every
<channel>/<day>.json (one json.loads per file) into messages (channel id, ts, user, thread_ts, subtype, text),
one transaction, then an index like the store's. Usage: slack_loader.py EXPORT_DIR|EXPORT.zip DB"""
import json, os, sqlite3, sys, zipfile

export, path = sys.argv[1], sys.argv[2]
if export.endswith(".zip"):
    archive = zipfile.ZipFile(export)
    names = [n for n in archive.namelist() if not n.endswith("/")]
    read = lambda name: archive.read(name)
else:
    names = []
    for folder, _, files in os.walk(export):
        for f in files:
            names.append(os.path.relpath(os.path.join(folder, f), export))
    read = lambda name: open(os.path.join(export, name), "rb").read()
for suffix in ["", "-wal", "-shm"]:
    if os.path.exists(path + suffix): os.remove(path + suffix)
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE person (id TEXT PRIMARY KEY, name TEXT, email TEXT, tz TEXT, is_bot INTEGER)")
db.execute("CREATE TABLE message (channel TEXT, ts TEXT, user TEXT, thread_ts TEXT, subtype TEXT, text TEXT)")
users = json.loads(read("users.json"))
db.executemany("INSERT INTO person VALUES (?, ?, ?, ?, ?)",
               [(u["id"], u.get("real_name"), u.get("profile", {}).get("email"), u.get("tz"),
                 int(bool(u.get("is_bot")))) for u in users])
channels = {}
for name in ["channels.json", "groups.json", "dms.json", "mpims.json"]:
    if name in names:
        for c in json.loads(read(name)):
            channels[c.get("name") or c["id"]] = c["id"]
count = 0
for name in sorted(names):
    parts = name.split("/")
    if len(parts) != 2 or not parts[1].endswith(".json"): continue
    channel = channels.get(parts[0], parts[0])
    rows = []
    for m in json.loads(read(name)):
        thread = m.get("thread_ts")
        rows.append((channel, m["ts"], m.get("user") or m.get("bot_id"),
                     thread if thread != m["ts"] else None, m.get("subtype"), m.get("text")))
    db.executemany("INSERT INTO message VALUES (?, ?, ?, ?, ?, ?)", rows)
    count += len(rows)
db.execute("CREATE UNIQUE INDEX message_key ON message(channel, ts)")
db.commit()
db.close()
print("%d messages" % count)
