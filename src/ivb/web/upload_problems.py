"""The full problem list of a refused upload, for download as CSV.

The page shows a screenful of grouped problems; the whole list (up to 200,000 rows) would not fit in a page or
a session. It is written to a private temporary file named by a random token, and the token is kept in the
uploader's session with the municipality: only that session can fetch it, only for that municipality. Nothing
goes to the database (a refused import stores nothing). Files older than a day are removed on the next upload.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from pathlib import Path

from django.http import Http404

SESSION_KEY = "ivb_import_problems"
KEEP = 5  # tokens per session: the latest few uploads
MAX_AGE = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "ivb-import-problems"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def keep(request, code: str, report) -> str:
    """Write the report's problems to a file; remember its token in the session. Returns the token."""
    from ivb.web.tables import problems_table, to_csv

    _tidy()
    token = secrets.token_urlsafe(24)
    (_folder() / f"{token}.csv").write_bytes(to_csv(problems_table(report)))
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[token] = {"code": code, "filename": report.filename}
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEEP:])
    return token


def fetch(request, code: str, token: str) -> tuple[bytes, str]:
    """The stored CSV and the uploaded file's name; 404 for a token this session did not get for `code`."""
    entry = request.session.get(SESSION_KEY, {}).get(token) if TOKEN.match(token) else None
    path = _folder() / f"{token}.csv"
    if entry is None or entry["code"] != code or not path.exists():
        raise Http404("Deze lijst met problemen is er niet (meer); upload het bestand opnieuw.")
    return path.read_bytes(), entry["filename"]


def _tidy() -> None:
    cutoff = time.time() - MAX_AGE
    for path in _folder().glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # removed by another worker meanwhile
