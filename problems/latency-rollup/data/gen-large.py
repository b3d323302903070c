#!/usr/bin/env python3
"""gen-large.py — regenerate the two big inputs of latency-rollup's data:
07-long-lines.in (lines around the 4096-byte limit and a corrupted line of
over a megabyte) and 11-large.in (about 8 MB of log, a few malformed
lines, CRLF here and there).  Deterministic: the same files every run.
The .ans files come from the reference: run it on each .in."""
import os
import random

# The correctness groups of problem.json (tests.groups), over the cases here:
# Group format: the output format, bucket bounds and nearest-rank percentiles (the example, empty input, one line, bounds, ranks, many services).
# Group robustness: malformed lines skipped, lines up to the limit and past it, CRLF, tabs, no final newline, big numbers.
# Group scale: about 8 MB of log within the memory limit.

here = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(20240501)
SERVICES = ["api", "auth", "billing", "cart", "checkout", "search", "inventory", "payments.v2",
            "email_worker", "Gateway", "img-resize", "recommend"]
WEIGHTS = [30, 12, 4, 9, 6, 15, 5, 3, 2, 8, 3, 3]


def record(ts):
    s = rnd.choices(SERVICES, WEIGHTS)[0]
    r = rnd.random()
    if r < 0.9:
        status = 200
    elif r < 0.97:
        status = rnd.choice([201, 204, 301, 404, 429])
    else:
        status = rnd.choice([500, 502, 503, 504])
    lat = int(rnd.lognormvariate(3.2, 1.1))
    if rnd.random() < 0.0005:
        lat = rnd.randint(10001, 90000)
    return ts, s, status, lat


def garbage(n):
    """n bytes of log-like noise without a newline (compresses like text,
    not like a run of one byte)."""
    words = ["GET", "/v1/orders", "200", "user_id=", "trace", "{\"k\":", "}", "ERROR", "timeout", "=="]
    out, size = [], 0
    while size < n:
        w = rnd.choice(words) + str(rnd.randint(0, 99999)) + rnd.choice([" ", "\t", ",", ";"])
        out.append(w)
        size += len(w)
    return "".join(out)[:n]


def long_lines():
    lines = ["1717000000 api 200 12", "1717000001 web 200 40"]
    # a valid line of exactly 4096 bytes: padded between fields
    core = ["1717000002", "api", "200", "7"]
    pad = 4096 - sum(map(len, core)) - 2
    lines.append(core[0] + " " + core[1] + " " * pad + core[2] + " " + core[3])
    # the same fields one byte longer: malformed
    lines.append(core[0] + " " + core[1] + " " * (pad + 1) + core[2] + " " + core[3])
    lines.append(garbage(70000))              # past bufio.Scanner's default 64 KiB
    lines.append("1717000003 web 503 250")
    lines.append(garbage(1_300_000))          # past a 1 MiB Scanner buffer
    lines += ["1717000004 api 200 3", "1717000005 web 200 9000", " " * 5000, "1717000006 api 500 2"]
    return "\n".join(lines) + "\n"


def large(target=8_000_000):
    out, size, ts = [], 0, 1717000000
    while size < target:
        ts += rnd.randint(0, 2)
        t, s, status, lat = record(ts)
        line = "%d %s %d %d\n" % (t, s, status, lat)
        x = rnd.random()
        if x < 0.0002:
            line = rnd.choice(["%d %s %d\n" % (t, s, status), "%d %s %d -%d\n" % (t, s, status, lat),
                               "garbage\n", "%d %s 2OO %d\n" % (t, s, lat)])
        elif x < 0.001:
            line = line[:-1] + "\r\n"
        out.append(line)
        size += len(line)
    return "".join(out)


with open(os.path.join(here, "07-long-lines.in"), "w") as f:
    f.write(long_lines())
with open(os.path.join(here, "11-large.in"), "w") as f:
    f.write(large())
