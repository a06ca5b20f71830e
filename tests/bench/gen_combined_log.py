#!/usr/bin/env python3
"""Writes a deterministic NCSA combined log (nginx/Apache default) for the logs benchmark.

usage: gen_combined_log.py LINES [SEED] > access.log

A realistic mix: about 3,000 static paths plus API paths with numeric ids and query strings,
statuses weighted as a busy site sees them (mostly 200 and 304, some 404, a few 5xx), a dozen
user agents, client addresses from a few /16 networks, one day of traffic in time order.
The same LINES and SEED always give the same bytes (random.Random is seeded, no clock).
"""
import random
import sys


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 11)
    sections = ["static", "img", "css", "js", "docs", "blog", "shop", "media"]
    exts = [".html", ".png", ".css", ".js", ".jpg", ".svg", ".woff2", ".pdf"]
    static = [f"/{rng.choice(sections)}/{rng.choice('abcdefghij')}{i}{rng.choice(exts)}" for i in range(3000)]
    statuses = [200] * 700 + [304] * 90 + [404] * 50 + [301] * 20 + [302] * 15 + [206] * 10 + [403] * 10 + \
        [401] * 8 + [500] * 5 + [502] * 3 + [503] * 3 + [499] * 4 + [400] * 4 + [416] * 1
    methods = ["GET"] * 90 + ["POST"] * 6 + ["HEAD"] * 3 + ["PUT"]
    agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.4.0", "Wget/1.21.4", "python-requests/2.31.0", "Go-http-client/1.1",
        "kube-probe/1.28", "-",
    ]
    referers = ["-"] * 6 + ["https://www.example.com/", "https://www.google.com/", "https://example.com/blog/"]
    nets = [(rng.randrange(1, 223), rng.randrange(256)) for _ in range(40)]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    out = sys.stdout
    buf = []
    for n in range(lines):
        second = n * 86400 // max(lines, 1)
        hh, mm, ss = second // 3600, second // 60 % 60, second % 60
        a, b = rng.choice(nets)
        ip = f"{a}.{b}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        r = rng.random()
        if r < 0.7:
            path = static[min(int(rng.paretovariate(1.2)) - 1, 2999)]
        elif r < 0.9:
            path = f"/api/v1/items/{rng.randrange(100000)}"
        else:
            path = f"/search?q={rng.choice(['shoes', 'red', 'news', 'help', 'x%20y'])}&page={rng.randrange(20)}"
        status = rng.choice(statuses)
        size = 0 if status in (304, 204) else rng.randrange(200, 60000)
        user = "-" if rng.random() < 0.97 else f"user{rng.randrange(50)}"
        buf.append(f'{ip} - {user} [25/{months[10]}/2026:{hh:02d}:{mm:02d}:{ss:02d} +0000] '
                   f'"{rng.choice(methods)} {path} HTTP/1.1" {status} {size} '
                   f'"{rng.choice(referers)}" "{rng.choice(agents)}"\n')
        if len(buf) == 10000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


if __name__ == "__main__":
    main()
