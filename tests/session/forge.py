#!/usr/bin/env python3
"""forge.py — rewrite a submission archive the way a candidate who knows the
format could: change the journal, then recompute the whole hash chain and
submission.json's summary, so that only what gauntlet cannot recompute (the
team's signature, the ticket's fields) is left to catch the forgery.

  forge.py IN OUT [--start-ticket FILE] [--sub-ticket FILE] [--shift SECONDS]

--start-ticket FILE  put the ticket FILE (its content key dropped) into the
                     start entry, with the minutes and deadline it grants
--sub-ticket FILE    put it into submission.json only
--shift SECONDS      move every time of the session by SECONDS
"""
import argparse
import hashlib
import io
import json
import tarfile


def ticket(path):
    t = json.load(open(path))
    t.pop("content_key", None)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--start-ticket")
    ap.add_argument("--sub-ticket")
    ap.add_argument("--shift", type=int, default=0)
    a = ap.parse_args()

    files = {}
    with tarfile.open(a.src, "r:gz") as tf:
        for m in tf.getmembers():
            if m.isfile():
                files[m.name] = tf.extractfile(m).read()
    lines = [json.loads(l) for l in files["journal.jsonl"].decode().splitlines()]
    sub = json.loads(files["submission.json"])
    start, last = lines[0], lines[-1]

    if a.shift:
        for e in lines:
            e["time"] += a.shift
        start["deadline"] += a.shift
        last["submitted"] += a.shift
        last["deadline"] += a.shift
        for k in ("started", "deadline", "submitted"):
            sub[k] += a.shift
    if a.start_ticket:
        t = ticket(a.start_ticket)
        start["ticket"] = t
        start["mode"] = "take-home"
        start["minutes"] = t["minutes"]
        start["deadline"] = start["time"] + 60 * t["minutes"]
        last["deadline"] = start["deadline"]
        sub["deadline"] = start["deadline"]
        sub["ticket"] = t
        sub["format"] = 2
    if a.sub_ticket:
        sub["ticket"] = ticket(a.sub_ticket)

    prev = "0" * 64
    out = []
    for i, e in enumerate(lines):
        e["seq"] = i + 1
        e["prev"] = prev
        line = json.dumps(e, separators=(",", ":")).encode()
        prev = hashlib.blake2b(line, digest_size=32).hexdigest()
        out.append(line)
    files["journal.jsonl"] = b"\n".join(out) + b"\n"
    sub["journal"] = {"entries": len(lines), "head": prev}
    files["submission.json"] = (json.dumps(sub, indent=1) + "\n").encode()

    with tarfile.open(a.dst, "w:gz") as tf:
        for name in sorted(files):
            ti = tarfile.TarInfo(name)
            ti.size = len(files[name])
            ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(files[name]))


main()
