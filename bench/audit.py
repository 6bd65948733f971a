"""Benchmark: the register's audit page and one audited read, with a long audit trail (issue 16).

    .venv/bin/python bench/audit.py [--events 10000] [--runs 5]

Uses a throw-away SQLite database with the reference data: one privacy officer and one case, then `--events`
audit events (one change for every four reads, as a register is used). Prints the audit page's time and
queries on its first view and on later views (each after 10 more events), and the queries of one audited read.
Runs against whatever `ivb` is on the path, so the same script measures the code before and after a change.
"""

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.update({"IVB_DATA_DIR": tempfile.mkdtemp(prefix="ivb-bench-audit-"), "SECRET_KEY": "bench",
                       "DJANGO_SETTINGS_MODULE": "ivb.settings", "ALLOWED_HOSTS": "testserver"})
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ivb.accounts.models import Membership, Role
    from ivb.register import audit
    from ivb.register.models import RegisterAccess
    from ivb.register.services import create_case, view_case
    from ivb.store.models import Area
    from ivb.store.reference import sync_reference_data

    call_command("migrate", verbosity=0)
    sync_reference_data()
    lisse = Area.objects.get(code="GM0553")
    privacy = get_user_model().objects.create_user("privacy")
    Membership.objects.create(user=privacy, municipality=lisse, role=Role.LEZER)
    RegisterAccess.objects.create(user=privacy, municipality=lisse, kind=RegisterAccess.Kind.PRIVACY)
    case = create_case(lisse, privacy, subject_kind="pand", subject="Pand A")

    def grow(events: int) -> None:
        for n in range(events):
            with transaction.atomic():
                audit.record(actor=privacy, action="change" if n % 5 == 4 else "view", object_kind="casus",
                             object_id=case.pk, municipality="GM0553")

    start = time.perf_counter()
    grow(args.events)
    print(f"{args.events:,} events written in {time.perf_counter() - start:.1f} s")
    with CaptureQueriesContext(connection) as read:
        view_case(case, actor=privacy)
    head = sum("audithead" in q["sql"] for q in read.captured_queries)
    print(f"one audited read (view_case): {len(read.captured_queries)} queries, {head} on the chain's head")

    client = Client()
    client.force_login(privacy)

    def page() -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/gemeente/GM0553/register/audit/")
            took = time.perf_counter() - start
        assert response.status_code == 200 and "keten intact" in response.content.decode()
        return took, len(queries.captured_queries)

    took, queries = page()
    print(f"audit page, first view: {took * 1000:.0f} ms, {queries} queries")
    times, counts = [], []
    for _ in range(args.runs):
        grow(10)
        took, queries = page()
        times.append(took)
        counts.append(queries)
    print(f"audit page, later views (10 new events each): median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), queries {sorted(set(counts))}, {args.runs} runs")
    check = getattr(audit, "verify_since_checkpoint", audit.verify)  # before issue 16 the page ran verify()
    times = []
    for _ in range(args.runs):
        grow(10)
        start = time.perf_counter()
        assert check().ok
        times.append(time.perf_counter() - start)
    print(f"the page's check alone ({check.__name__}, 10 new events each): median "
          f"{statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    start = time.perf_counter()
    verdict = audit.verify()
    print(f"full verify (`ivb audit verify`): {(time.perf_counter() - start) * 1000:.0f} ms, {verdict.message}")


if __name__ == "__main__":
    main()
