#!/usr/bin/env python3
"""png.py — just enough PNG for the report tests, standard library only:
decode 8-bit RGB/RGBA non-interlaced images, tell a blank page from a
rendered one, and crop a band out of a tall screenshot.

  png.py stats FILE [ROWS]     -> "WIDTH ROWS DISTINCT_COLOURS NONBG_FRACTION" (of the first ROWS)
  png.py crop FILE Y0 H OUT    -> writes rows Y0..Y0+H of FILE to OUT
"""
import struct
import sys
import zlib


def decode(path, max_rows=None):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("%s: unsupported PNG (depth %d, colour type %d)" % (path, depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(min(h, max_rows or h)):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def encode(path, w, bpp, rows):
    raw = b"".join(b"\x00" + r for r in rows)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    ihdr = struct.pack(">IIBBBBB", w, len(rows), 8, 2 if bpp == 3 else 6, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def stats(path, max_rows=None):
    w, h, bpp, rows = decode(path, max_rows)
    h = len(rows)
    colours, nonbg, total = set(), 0, 0
    bg = rows[0][:3]
    for y in range(0, h, 4):
        r = rows[y]
        for x in range(0, w * bpp, bpp * 4):
            px = r[x:x + 3]
            colours.add(px)
            total += 1
            nonbg += px != bg
    return w, h, len(colours), nonbg / max(total, 1)


if __name__ == "__main__":
    if sys.argv[1] == "stats":
        w, h, n, frac = stats(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
        print(w, h, n, "%.4f" % frac)
    elif sys.argv[1] == "crop":
        w, h, bpp, rows = decode(sys.argv[2])
        y0, n = int(sys.argv[3]), int(sys.argv[4])
        encode(sys.argv[5], w, bpp, rows[y0:y0 + n])
