"""Benchmark: a large upload with errors (issue 13). A 150,000-line CSV (header + 149,999 rows) in which every row
repeats the first: how long the check takes, and how long and how large the page is that reports it. With
--distinct every row differs (its source) and has a bad value: 299,997 problems (bad value, and duplicate), no
row repeated.

    .venv/bin/python bench/upload_errors.py [--runs 3] [--rows 149999] [--distinct]

Uses a throw-away SQLite database with the demo. Nothing is stored (the file is refused); the script checks that.
"""

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=149_999)
    parser.add_argument("--distinct", action="store_true",
                        help="every row different (each with a bad value), so no row repeats an earlier one")
    args = parser.parse_args()
    os.environ.update({"IVB_DATA_DIR": tempfile.mkdtemp(prefix="ivb-bench-upload-"), "SECRET_KEY": "bench",
                       "DJANGO_SETTINGS_MODULE": "ivb.settings", "ALLOWED_HOSTS": "testserver"})
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from ivb.accounts.models import Membership, Role
    from ivb.demo.load import load_demo
    from ivb.store.models import Area, Observation
    from ivb.store.observation_import import import_observations
    from ivb.store.reference import sync_reference_data

    call_command("migrate", verbosity=0)
    sync_reference_data()
    load_demo()
    user = get_user_model().objects.create_user("bench-analist", password="x")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.ANALIST)
    if args.distinct:
        body = "".join(f"GM0553;politie.geweld;2013;veel;definitief;Politie {i}\n" for i in range(args.rows))
    else:
        body = "GM0553;politie.geweld;2013;70;definitief;Politie\n" * args.rows
    content = ("gebied;reeks;periode;waarde;status;bron\n" + body).encode()
    print(f"file: {len(content):,} bytes, {args.rows:,} rows")
    before = Observation.objects.count()

    checks = []
    for _ in range(args.runs):
        start = time.perf_counter()
        report = import_observations("groot.csv", content, actor_name="bench")
        checks.append(time.perf_counter() - start)
    assert len(report.problems) == (2 if args.distinct else 1) * args.rows - 1, len(report.problems)
    print(f"check (import_observations)   median {statistics.median(checks):.3f} s  min {min(checks):.3f} s  "
          f"max {max(checks):.3f} s  ({len(report.problems):,} problems)")

    client = Client()
    client.force_login(user)
    pages, size = [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        response = client.post("/gemeente/GM0553/cijfers/importeren/",
                               {"file": SimpleUploadedFile("groot.csv", content)})
        pages.append(time.perf_counter() - start)
        size = len(response.content)
        assert response.status_code == 200, response.status_code
    print(f"page (POST, check + render)   median {statistics.median(pages):.3f} s  min {min(pages):.3f} s  "
          f"max {max(pages):.3f} s  ({size:,} bytes of HTML)")
    assert Observation.objects.count() == before, "a refused file stored figures"


if __name__ == "__main__":
    main()
