"""Load benchmark: gunicorn on loopback with PostgreSQL, 20 concurrent clients for 30 seconds.

Targets: the Lisse dashboard, an indicator page, and a static file of the same size as the dashboard,
served by the same server (WhiteNoise) in the same run, as the reference. The load comes from `wrk`
(Debian's package) on 127.0.0.1 only; every run is bounded in time.

    .venv/bin/python bench/web.py [--seconds 30] [--clients 20] [--workers 4]

Needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) and wrk. Run as root it starts the cluster as
the postgres user.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PG_PORT, WEB_PORT = 54331, 8791
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("IVB %d %d %.3f %.3f %.3f %.3f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def as_postgres(cmd):
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    work = Path(tempfile.mkdtemp(prefix="ivb-bench-"))
    os.chmod(work, 0o777)
    processes = []
    try:
        data = work / "pg"
        subprocess.run(as_postgres([f"{pg_bin}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres"]),
                       check=True, capture_output=True)
        subprocess.run(as_postgres([f"{pg_bin}/pg_ctl", "-D", str(data), "-l", str(work / "pg.log"), "-w", "-o",
                                    f"-p {PG_PORT} -k {work} -c listen_addresses=127.0.0.1", "start"]),
                       check=True, capture_output=True)
        run(as_postgres([f"{pg_bin}/createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "ivb"]))
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/ivb",
               "SECRET_KEY": "bench-only-secret", "DEBUG": "0", "IVB_DATA_DIR": str(work / "var"),
               "ALLOWED_HOSTS": "127.0.0.1", "SECURE_COOKIES": "0"}
        run([str(BIN / "ivb"), "demo", "load"], env=env)
        run([str(BIN / "ivb"), "manage", "collectstatic", "--noinput", "-v", "0"], env=env)
        cookie = run([str(BIN / "python"), "-c", SESSION], env=env).stdout.strip()

        gunicorn = subprocess.Popen([str(BIN / "gunicorn"), "ivb.wsgi:application", "--bind", f"127.0.0.1:{WEB_PORT}",
                                     "--workers", str(args.workers), "--log-level", "warning"], env=env, cwd=ROOT)
        processes.append(gunicorn)
        base = f"http://127.0.0.1:{WEB_PORT}"
        _wait(base + "/inloggen/")
        dashboard = _get(base + "/gemeente/GM0553/2019/", cookie)
        # A static file of the same size, written before the server starts serving it.
        static = Path(env["IVB_DATA_DIR"]) / "static" / "bench-same-size.html"
        static.write_bytes(b"x" * len(dashboard))
        gunicorn.terminate()
        gunicorn.wait(10)
        gunicorn = subprocess.Popen([str(BIN / "gunicorn"), "ivb.wsgi:application", "--bind", f"127.0.0.1:{WEB_PORT}",
                                     "--workers", str(args.workers), "--log-level", "warning"], env=env, cwd=ROOT)
        processes.append(gunicorn)
        _wait(base + "/inloggen/")
        assert len(_get(base + "/static/bench-same-size.html", cookie)) == len(dashboard)

        # Warm-up, not measured: every worker imports scipy and compiles templates on its first request.
        for path in ("/gemeente/GM0553/2019/", "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"):
            run(["wrk", "-t2", f"-c{args.workers * 2}", "-d3s", "-H", f"Cookie: sessionid={cookie}", base + path])
        lua = work / "report.lua"
        lua.write_text(LUA)
        targets = [("dashboard", "/gemeente/GM0553/2019/"),
                   ("indicator page", "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"),
                   ("static file, same size", "/static/bench-same-size.html")]
        print(f"gunicorn {args.workers} workers, PostgreSQL, {args.clients} clients, {args.seconds} s per target, "
              f"page size {len(dashboard):,} bytes")
        print(f"{'target':<24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        results = {}
        for name, path in targets:
            out = run(["wrk", "-t2", f"-c{args.clients}", f"-d{args.seconds}s", "--timeout", "10s", "-s", str(lua),
                       "-H", f"Cookie: sessionid={cookie}", base + path]).stdout
            requests, duration_us, p50, p95, p99, mean, errors = re.search(r"IVB (.*)", out).group(1).split()
            rps = int(requests) / (int(duration_us) / 1e6)
            results[name] = (rps, float(p95))
            print(f"{name:<24} {rps:8.1f} {float(p50):8.1f} {float(p95):8.1f} {float(p99):8.1f} {int(errors):7d}")
        ratio = results["static file, same size"][0] / results["dashboard"][0]
        print(f"static file / dashboard throughput: {ratio:.1f}x")
    finally:
        for p in processes:
            p.terminate()
        subprocess.run(as_postgres([f"{pg_bin}/pg_ctl", "-D", str(work / "pg"), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


SESSION = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivb.settings")
django.setup()
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="raadslid")
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(s.session_key)
"""


def _get(url: str, cookie: str) -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


if __name__ == "__main__":
    main()
