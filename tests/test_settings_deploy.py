"""Headers and settings (issue 14, item 7): `ivb manage check --deploy` is clean under production settings, no
fixed secret key ever, and every page carries the Content-Security-Policy and the other security headers.
Settings are read once per process, so each case runs `ivb` (or a settings import) in a fresh one."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).parents[1] / "src")


def run(args, tmp_path, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "BEHIND_TLS_PROXY", "SECURE_COOKIES",
                          "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests set this one in this process
                          "DATABASE_URL")}  # the PostgreSQL pass's server has only its test database: a file here
    clean.update(PYTHONPATH=SRC, IVB_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=clean, timeout=60)


def production(tmp_path, **extra):
    return {"SECRET_KEY": secrets.token_urlsafe(50), "BEHIND_TLS_PROXY": "1", "ALLOWED_HOSTS": "ivb.example.nl",
            **extra}


def test_it_passes_djangos_deployment_check_under_production_settings(tmp_path):
    done = run(["-m", "ivb.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"], tmp_path,
               **production(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_the_deployment_check_still_names_a_weak_key(tmp_path):
    """The check above can fail: a short, guessable key is reported."""
    done = run(["-m", "ivb.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"], tmp_path,
               **production(tmp_path, SECRET_KEY="geheim"))
    assert done.returncode != 0 and "security.W009" in done.stdout + done.stderr


SHOW_KEY = ["-c", "import ivb.settings as s; print(s.SECRET_KEY)"]


def test_it_never_falls_back_to_a_fixed_secret_key(tmp_path):
    first, second = (run(SHOW_KEY, tmp_path, DEBUG="1").stdout.strip() for _ in range(2))
    assert len(first) >= 50 and first != second  # a throw-away key per process, not one written in the source
    refused = run(SHOW_KEY, tmp_path)
    assert refused.returncode != 0 and "SECRET_KEY ontbreekt" in refused.stderr


def test_serve_refuses_to_start_without_a_secret_key_in_production_mode(tmp_path):
    done = run(["-m", "ivb.cli", "serve", "--port", "0"], tmp_path)
    assert done.returncode != 0 and "ivb: SECRET_KEY ontbreekt" in done.stderr and "Traceback" not in done.stderr


def test_make_demo_makes_a_random_key_per_installation():
    makefile = (Path(__file__).parents[1] / "Makefile").read_text()
    assert "test -s var/demo-secret-key || $(BIN)/python -c \"import secrets; print(secrets.token_urlsafe(50))\"" in makefile
    assert 'SECRET_KEY="$$(cat var/demo-secret-key)"' in makefile


def test_every_page_carries_the_security_headers(client, lisse_reader):
    client.force_login(lisse_reader)
    for url in ("/inloggen/", "/gemeente/GM0553/2019/", "/gemeente/GM0553/bestaat-niet/x/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
