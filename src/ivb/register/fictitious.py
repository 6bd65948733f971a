"""Fictitious register content, as the demo makes it: every such signal and case says so in its own text.

The register pages show a banner while a municipality's register holds such content, and the register's yearly
counts leave it out: the dashboard shows real figures only."""

from django.db.models import Q

from ivb.register.models import Case, Signal

LABEL = "Fictief voorbeeld:"


def holds_fictitious(area) -> bool:
    if area is None:
        return False
    return (Signal.objects.filter(municipality=area, what__startswith=LABEL).exists()
            or Case.objects.filter(municipality=area, subject__startswith=LABEL).exists())


def real_signals() -> Q:
    return ~Q(what__startswith=LABEL)


def real_cases(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}subject__startswith": LABEL})
