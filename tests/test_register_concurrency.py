"""Two team members change the same case at the same moment, both from the status they saw: exactly one
change wins, the other is refused, and the trail records only the winner."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, connections

from ivb.register import audit
from ivb.register.models import AuditEvent, Case
from ivb.register.services import RegisterError, change_case_status, create_case
from ivb.store.models import Area
from ivb.store.reference import sync_reference_data


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_status_changes_cannot_both_win():
    sync_reference_data()
    users = get_user_model().objects
    first, second = users.create_user("eerste"), users.create_user("tweede")
    case = create_case(Area.objects.get(code="GM0553"), first, subject_kind="pand", subject="Pand A")
    start = threading.Barrier(2)
    outcomes = {}

    def change(user, new):
        try:
            start.wait()
            change_case_status(case, new, actor=user, expected="open")
            outcomes[user.username] = "won"
        except (RegisterError, OperationalError) as exc:  # SQLite refuses the second writer outright
            outcomes[user.username] = f"refused: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(first, "in onderzoek")),
               threading.Thread(target=change, args=(second, "gesloten"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["refused", "won"], outcomes
    winner = next(name for name, v in outcomes.items() if v == "won")
    assert Case.objects.get().status == {"eerste": "in onderzoek", "tweede": "gesloten"}[winner]
    transitions = list(AuditEvent.objects.filter(action="transition").values_list("actor_name", flat=True))
    assert transitions == [winner]
    assert audit.verify().ok
    if connection.vendor == "postgresql":  # the row lock makes the loser wait, then see the new status
        loser = next(v for v in outcomes.values() if v != "won")
        assert "intussen gewijzigd" in loser
