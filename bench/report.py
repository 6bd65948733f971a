"""Benchmark: how long one council report takes (Lisse 2019, demo data), as PDF and as DOCX.

    .venv/bin/python bench/report.py [--runs 5]

Uses a throw-away SQLite database with the demo. Prints the median and the spread of the runs; the content is
built fresh for every run (the picture cache is cleared), so each time is a whole report.
"""

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.update({"IVB_DATA_DIR": tempfile.mkdtemp(prefix="ivb-bench-report-"), "SECRET_KEY": "bench",
                       "DJANGO_SETTINGS_MODULE": "ivb.settings"})
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from ivb.demo.load import load_demo
    from ivb.report import render
    from ivb.report.content import build
    from ivb.store.models import Area
    from ivb.store.reference import sync_reference_data

    call_command("migrate", verbosity=0)
    sync_reference_data()
    load_demo()
    area = Area.objects.get(code="GM0553")
    render.to_pdf(build(area, 2019))  # warm-up: fonts, imports
    for name, renderer in (("PDF", render.to_pdf), ("DOCX", render.to_docx)):
        times, size = [], 0
        for _ in range(args.runs):
            cache.clear()
            start = time.perf_counter()
            size = len(renderer(build(area, 2019)))
            times.append(time.perf_counter() - start)
        print(f"{name:<5} median {statistics.median(times):.3f} s  min {min(times):.3f} s  max {max(times):.3f} s  "
              f"({size:,} bytes, {args.runs} runs)")


if __name__ == "__main__":
    main()
