#!/usr/bin/env python3
"""Writes a synthetic Slack workspace export folder of about SIZE_MB megabytes of JSON (default 1024):
users.json (2,000 users), channels.json (200 public channels), empty groups/dms/mpims.json, and one day file
per channel and day, each a JSON array of messages shaped as Slack writes them (ts strings, threads with
thread_ts/reply_count/parent_user_id, mentions <@U...>, links <url|label>, edits, files, joins, bot messages).
Deterministic for a seed. Usage: slack_export_gen.py OUT_DIR [SIZE_MB] [SEED]"""
import json, os, random, sys

out = sys.argv[1]
target = int(sys.argv[2] if len(sys.argv) > 2 else 1024) * 1024 * 1024
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
os.makedirs(out, exist_ok=True)
users = [{"id": "U%07d" % i, "team_id": "TBENCH", "name": "user%d" % i, "real_name": "User %d" % i,
          "tz": rng.choice(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]), "deleted": i % 97 == 0,
          "is_bot": i % 251 == 0, "profile": {"real_name": "User %d" % i, "email": "user%d@bench.example" % i}}
         for i in range(2000)]
channels = [{"id": "C%07d" % i, "name": "channel-%03d" % i, "members": []} for i in range(200)]
json.dump(users, open(os.path.join(out, "users.json"), "w"))
json.dump(channels, open(os.path.join(out, "channels.json"), "w"))
for name in ["groups.json", "dms.json", "mpims.json"]:
    open(os.path.join(out, name), "w").write("[]")
words = ("deploy review build cache latency queue index schema rollout metric alert budget roadmap design "
         "ticket incident postmortem release feature branch merge test flaky staging prod").split()
written = 0
day = 0
start = 1735689600  # 2025-01-01
while written < target:
    for c in channels:
        t = start + day * 86400 + rng.randint(0, 3600)
        messages = []
        roots = []
        for k in range(rng.randint(60, 140)):
            t += rng.randint(5, 600)
            ts = "%d.%06d" % (t, rng.randint(0, 999999))
            user = rng.choice(users)["id"]
            text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 30)))
            m = {"client_msg_id": "%08x-0000-4000-8000-%012x" % (rng.getrandbits(32), rng.getrandbits(48)),
                 "type": "message", "text": text, "user": user, "ts": ts, "team": "TBENCH",
                 "blocks": [{"type": "rich_text", "block_id": "b%d" % k, "elements": [
                     {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}]}
            r = rng.random()
            if r < 0.10:
                m["text"] += " <@%s> ?" % rng.choice(users)["id"]
            elif r < 0.15:
                m["text"] += " <https://docs.bench.example/d/%d|the doc>" % k
            elif r < 0.17:
                m["subtype"] = "channel_join"; m["text"] = "<@%s> has joined the channel" % user
            elif r < 0.19:
                m = {"type": "message", "subtype": "bot_message", "bot_id": "B0000001", "username": "ci",
                     "text": "build %d passed" % k, "ts": ts, "attachments": [{"fallback": "ok", "color": "good"}]}
            elif r < 0.21:
                m["edited"] = {"user": user, "ts": "%d.000000" % (t + 30)}
            elif r < 0.22:
                m["files"] = [{"id": "F%08d" % k, "name": "x.png", "mimetype": "image/png", "size": 1234}]
            if roots and rng.random() < 0.35:
                root = rng.choice(roots)
                m["thread_ts"] = root["ts"]
                m["parent_user_id"] = root.get("user", "B0000001")
                root["reply_count"] = root.get("reply_count", 0) + 1
                root["thread_ts"] = root["ts"]
            elif "subtype" not in m:
                roots.append(m)
            messages.append(m)
        folder = os.path.join(out, c["name"])
        os.makedirs(folder, exist_ok=True)
        y, mo, d = __import__("datetime").date.fromordinal(__import__("datetime").date(2025, 1, 1).toordinal() + day).timetuple()[:3]
        data = json.dumps(messages, indent=4)
        open(os.path.join(folder, "%04d-%02d-%02d.json" % (y, mo, d)), "w").write(data)
        written += len(data)
        if written >= target:
            break
    day += 1
print("wrote %.1f MB of day files (%d days) to %s" % (written / 1048576, day + 1, out))
