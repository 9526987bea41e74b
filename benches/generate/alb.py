"""Application Load Balancer access logs: gzipped text, one object per
load-balancer node and five minutes, under
`AWSLogs/<account>/elasticloadbalancing/<region>/<yyyy>/<mm>/<dd>/`.

Lines carry the current full field set (through conn_trace_id and the
transform fields), modelled on /work/shared/realdata/alb: `-1` times and `-`
target fields when no target answered, quoted request/user agent, WAF and
redirect actions.
"""

import datetime as dt
import math

from common import ACCOUNT, HEX, iso_z, public_ip, rand_str, slot_time, zipf_weights

REGION = "us-east-1"
LB = "app/acme-prod-web/50dc6c495c0c9188"
LB_NAME = "app.acme-prod-web.50dc6c495c0c9188"
NODES = ["10.0.1.17", "10.0.1.94", "10.0.1.201"]
DOMAIN = "shop.example.com"
# The target that misbehaves: often during the incident, now and then otherwise.
BAD_TARGET = "10.0.2.23"
CERT = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/1277e7c7-f24a-4220-bf06-7e44972738d5"
# (target group, its targets, rule priority)
GROUPS = [("web-frontend", [f"10.0.2.{i}" for i in (11, 12, 13, 14)], "1"),
          ("api-backend", [f"10.0.2.{i}" for i in (21, 22, 23, 24, 25, 26)], "2"),
          ("static-assets", [f"10.0.2.{i}" for i in (31, 32)], "3")]
# (method, path, target group index, weight, median target seconds, typical response bytes)
ROUTES = [
    ("GET", "/", 0, 80, 0.020, 18000), ("GET", "/index.html", 0, 20, 0.015, 18000),
    ("GET", "/login", 0, 25, 0.030, 9000), ("POST", "/login", 0, 12, 0.120, 1200),
    ("GET", "/cart", 0, 18, 0.045, 14000), ("GET", "/checkout", 0, 8, 0.090, 16000),
    ("GET", "/search", 0, 30, 0.180, 42000), ("GET", "/product", 0, 60, 0.040, 36000),
    ("GET", "/api/v1/products", 1, 90, 0.035, 8000), ("GET", "/api/v1/products/search", 1, 40, 0.210, 24000),
    ("GET", "/api/v1/orders", 1, 35, 0.060, 6000), ("POST", "/api/v1/orders", 1, 14, 0.250, 900),
    ("GET", "/api/v1/cart", 1, 45, 0.025, 2500), ("PUT", "/api/v1/cart", 1, 22, 0.050, 2500),
    ("DELETE", "/api/v1/cart", 1, 4, 0.030, 200), ("GET", "/api/v1/users/me", 1, 50, 0.018, 1100),
    ("POST", "/api/v1/payments", 1, 6, 0.900, 700), ("GET", "/api/v1/recommendations", 1, 25, 0.400, 12000),
    ("GET", "/api/v2/inventory", 1, 10, 0.080, 30000), ("POST", "/api/v1/events", 1, 70, 0.010, 150),
    ("GET", "/health", 1, 40, 0.002, 20), ("GET", "/static/app.js", 2, 70, 0.004, 350000),
    ("GET", "/static/app.css", 2, 55, 0.003, 90000), ("GET", "/static/logo.png", 2, 40, 0.003, 24000),
    ("GET", "/favicon.ico", 2, 30, 0.002, 4200), ("GET", "/robots.txt", 2, 5, 0.002, 120),
    ("GET", "/wp-login.php", 0, 3, 0.010, 300), ("GET", "/.env", 0, 2, 0.010, 300),
]
ROUTE_WEIGHTS = [r[3] for r in ROUTES]
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
          "okhttp/4.12.0", "curl/8.6.0", "python-requests/2.31.0",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0"]
AGENT_WEIGHTS = [40, 25, 15, 8, 3, 3, 4, 2]


class Clients:
    """Client addresses: a few heavy hitters, a long tail."""

    def __init__(self, rng, n=5000):
        self.ips = [public_ip(rng) for _ in range(n)]
        self.weights = zipf_weights(n, 1.05)


def line(rng, clients, t, bad_rate):
    method, path, gi, _, median, size = rng.choices(ROUTES, ROUTE_WEIGHTS)[0]
    group, targets, priority = GROUPS[gi]
    tg_arn = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{group}/{rand_for(group)}"
    target = rng.choice(targets)
    kind = rng.choices(["https", "h2", "http"], [70, 22, 8])[0]
    client = rng.choices(clients.ips, clients.weights)[0]
    req_t = round(rng.uniform(0.0, 0.002), 3)
    tgt_t = round(median * math.exp(rng.gauss(0, 0.6)), 3)
    resp_t = round(rng.uniform(0.0, 0.001), 3)
    status, tstatus = 200, "200"
    if method == "POST" and path == "/login" and rng.random() < 0.2:
        status, tstatus = 302, "302"
    elif path in ("/wp-login.php", "/.env"):
        status, tstatus = 404, "404"
    elif rng.random() < 0.03:
        status = rng.choice([400, 401, 403, 404])
        tstatus = str(status)
    sent = max(0, int(size * math.exp(rng.gauss(0, 0.3))))
    action, error, target_field = "forward", "-", f"{target}:8080"
    # One target fails during an incident; others now and then.
    fail = (target == BAD_TARGET and rng.random() < bad_rate) or rng.random() < 0.008
    if fail:
        status = rng.choice([502, 503, 504, 500])
        if status == 500:
            tstatus = "500"
        elif status == 504:
            tstatus, tgt_t, error = "-", -1, "TargetResponseTimeout"
        elif status == 502:
            tstatus, tgt_t, error = "-", -1, "TargetConnectionError"
        else:
            target_field, tstatus, tgt_t, resp_t, error = "-", "-", -1, -1, "-"
        sent = 0 if status != 500 else 180
    if kind == "http" and rng.random() < 0.5:
        action, status, tstatus = "redirect", 301, "-"
        target_field, tgt_t, sent = "-", -1, 0
    port = 443 if kind != "http" else 80
    scheme = "http" if kind == "http" else "https"
    query = f"?q={rand_str(rng, 6)}" if rng.random() < 0.3 else ""
    url = f"{scheme}://{DOMAIN}:{port}{path}{query}"
    proto = "HTTP/2.0" if kind == "h2" else "HTTP/1.1"
    created = t - dt.timedelta(seconds=max(0.0, tgt_t) + req_t + resp_t)
    trace = f"Root=1-{int(t.timestamp()):08x}-{rand_str(rng, 24, HEX)}"
    cipher, tls = ("-", "-") if kind == "http" else ("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2")
    redirect = f"https://{DOMAIN}:443{path}" if action == "redirect" else "-"
    tpl = "-" if target_field == "-" else target_field
    tsl = "-" if tstatus == "-" else tstatus
    received = rng.randrange(180, 900) + (rng.randrange(200, 6000) if method in ("POST", "PUT") else 0)

    def fmt(x):
        return "-1" if x == -1 else f"{x:.3f}"
    return (f'{kind} {iso_z(t, millis=True)} {LB} {client}:{rng.randrange(1024, 65535)} {target_field} '
            f'{fmt(req_t)} {fmt(tgt_t)} {fmt(resp_t)} {status} {tstatus} {received} {sent} '
            f'"{method} {url} {proto}" "{rng.choices(AGENTS, AGENT_WEIGHTS)[0]}" {cipher} {tls} {tg_arn} '
            f'"{trace}" "{DOMAIN}" "{CERT if kind != "http" else "-"}" {priority} {iso_z(created, millis=True)} '
            f'"{action}" "{redirect}" "{error}" "{tpl}" "{tsl}" "-" "-" '
            f'TID_{rand_str(rng, 32, HEX)} "-" "-" "-"')


def rand_for(name):
    """A fixed 16-hex id per target group name."""
    return format(abs(hash_str(name)) % (1 << 64), "016x")


def hash_str(s):
    h = 1469598103934665603
    for ch in s.encode():
        h = ((h ^ ch) * 1099511628211) % (1 << 64)
    return h


def write_file(root, rng, clients, index, count, target):
    end = slot_time(index, count, rng)
    node = NODES[index % len(NODES)]
    # The incident: the hours of day 3 when one api target returns errors.
    incident = end.day == 3 and 9 <= end.hour < 12
    bad_rate = 0.35 if incident else 0.02
    stamps, size = [], 0
    while size < target:
        t = end - dt.timedelta(seconds=rng.uniform(0, 300))
        stamps.append(t)
        size += 700
    stamps.sort()
    lines = [line(rng, clients, t, bad_rate) for t in stamps]
    body = ("\n".join(lines) + "\n").encode()
    rel = (f"AWSLogs/{ACCOUNT}/elasticloadbalancing/{REGION}/{end:%Y/%m/%d}/"
           f"{ACCOUNT}_elasticloadbalancing_{REGION}_{LB_NAME}_{end:%Y%m%dT%H%MZ}_{node}_{rand_str(rng, 8).lower()}.log.gz")
    return rel, body, len(lines)
