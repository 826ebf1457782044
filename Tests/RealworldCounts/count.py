# The independent counts RealworldMessagesTests compares the importers with: Python zipfile/json for the
# Slack exports, Python mailbox/email for the mailboxes (threads by In-Reply-To, last References, subject).
# Run: python3 Tests/RealworldCounts/count.py (reads ../shared/realworld; nothing is copied).
import json, zipfile, re, mailbox, email, email.utils, os, sys, collections
RW = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "realworld")
print("== slack")
for name in sorted(os.listdir(RW + "/slack")):
    if not name.endswith(".zip"): continue
    z = zipfile.ZipFile(RW + "/slack/" + name)
    names = z.namelist()
    root = min((n[:-len("users.json")] for n in names if n.endswith("users.json") or n.endswith("channels.json")), key=len) if any(n.endswith("users.json") for n in names) else ""
    users = json.loads(z.read(root + "users.json")) if root + "users.json" in names else []
    uids = {u["id"] for u in users}
    msgs = 0; threads = set(); extra = set()
    for n in names:
        rel = n[len(root):]
        if not re.fullmatch(r"[^/]+/\d{4}-\d\d-\d\d\.json", rel): continue
        ch = rel.split("/")[0]
        for m in json.loads(z.read(n)):
            if m.get("subtype") in ("message_changed", "message_deleted", "message_replied"): continue
            author = m.get("user") or (m.get("comment") or {}).get("user") or m.get("bot_id")
            if not author: continue
            msgs += 1
            if author not in uids: extra.add(author)
            if "thread_ts" in m and m["thread_ts"] != m["ts"]: threads.add((ch, m["thread_ts"]))
    print(name, "messages", msgs, "threads", len(threads), "people", len(uids) + len(extra))

print("== mbox")
def addr(v):
    if not v: return None
    v = re.sub(r"\s+at\s+", "@", v) if "@" not in v else v
    m = re.search(r"[\w.+=-]+@[\w.-]+", v)
    return m.group(0).lower() if m else None
def msgid(v):
    if not v: return None
    m = re.search(r"<([^>]+)>", v)
    return m.group(1).strip() if m else v.split()[0]
def subj(s):
    s = (s or "").strip().strip("'")
    while True:
        t = re.sub(r"^\s*(\[[^\]]*\]|(re|fwd|fw|aw|wg|sv|vs|antw|tr|rif|ref)(\[\d+\])?\s*:)\s*", "", s, flags=re.I)
        if t == s: break
        s = t
    return " ".join(s.split()).lower().rstrip("'")
def parsedate(m):
    d = m.get("date")
    try:
        t = email.utils.parsedate_tz(d) if d else None
        if t and t[9] is not None: return email.utils.mktime_tz(t)
    except Exception: pass
    return None
def messages(path):
    raw = open(path, "rb").read()
    first = raw.lstrip()[:5]
    if raw.lstrip().startswith(b"\x01\x01\x01\x01"):
        return [m for m in mailbox.MMDF(path)]
    if first == b"From ":
        return [m for m in mailbox.mbox(path)]
    # no separators: a new message at a blank line followed by a header block with From: and Date:
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    paras = text.split("\n\n")
    out = []; cur = []
    for p in paras:
        lines = p.split("\n")
        hdr = all(re.match(r"^[!-9;-~]+:", l) or l[:1] in " \t" for l in lines if l) and lines and lines[0]
        names = {l.split(":")[0].lower() for l in lines if re.match(r"^[!-9;-~]+:", l)}
        if hdr and "from" in names and names & {"date", "subject", "message-id"}:
            if cur: out.append(email.message_from_string("\n\n".join(cur)))
            cur = [p]
        else:
            cur.append(p)
    if cur: out.append(email.message_from_string("\n\n".join(cur)))
    return out
for name in sorted(os.listdir(RW + "/mbox")):
    ms = messages(RW + "/mbox/" + name)
    seen = {}; order = []
    for i, m in enumerate(ms):
        sender = addr(m.get("from")) or addr(m.get("sender"))
        if not sender or sender == "mailer-daemon": continue
        mid = msgid(m.get("message-id")) or ("synthetic", m.get("from"), m.get("date"), m.get("subject"))
        if mid in seen: continue
        seen[mid] = len(order)
        order.append((mid, m, i))
    # threads: In-Reply-To, last References, subject; root = first with no known parent
    ids = {mid for mid, _, _ in order}
    sortable = sorted(range(len(order)), key=lambda k: (parsedate(order[k][1]) or 1e18, order[k][2]))
    parent = {}; firstsub = {}
    for k in sortable:
        mid, m, _ = order[k]
        irt = msgid(m.get("in-reply-to")); refs = re.findall(r"<([^>]+)>", m.get("references") or "")
        s = subj(str(email.header.make_header(email.header.decode_header(m.get("subject") or ""))))
        if irt in ids and irt != mid: parent[k] = [j for j in range(len(order)) if order[j][0] == irt][0]
        elif refs and refs[-1] in ids and refs[-1] != mid: parent[k] = [j for j in range(len(order)) if order[j][0] == refs[-1]][0]
        elif s and s in firstsub: parent[k] = firstsub[s]
        if s and s not in firstsub: firstsub[s] = k
    roots = set()
    for k in range(len(order)):
        r = k; seenk = {k}
        while r in parent and parent[r] not in seenk: r = parent[r]; seenk.add(r)
        if r != k: roots.add(r)
    people = set()
    for mid, m, _ in order:
        people.add(addr(m.get("from")) or addr(m.get("sender")))
    print(name, "messages", len(order), "threads", len(roots), "authors", len(people))
