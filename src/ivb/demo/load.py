"""The Lisse demo: the policy, the figures its text gives, and demo users whose passwords are printed."""

import secrets
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from ivb.accounts.models import Membership, Organisation, Role
from ivb.accounts.services import set_known_password
from ivb.domain.policy import validate_text
from ivb.policies import lisse_policy_text
from ivb.store.models import Area
from ivb.store.observation_import import import_observations
from ivb.store.policies import import_policy

DEMO_ACTOR = "ivb-demo"
# user name, role, municipality, what they stand for
DEMO_USERS = [
    ("adviseur", Role.ANALIST, "GM0553", "beleidsadviseur OOV van Lisse"),
    ("coordinator", Role.COORDINATOR, "GM0553", "coördinator veiligheid van Lisse"),
    ("raadslid", Role.LEZER, "GM0553", "raadslid van Lisse"),
    ("beheerder", Role.BEHEERDER, "GM0553", "beheerder van de gebruikers van Lisse"),
    ("hillegom", Role.ANALIST, "GM0534", "beleidsadviseur van Hillegom (ziet Lisse niet)"),
]


def lisse_observations() -> bytes:
    return resources.files("ivb.demo").joinpath("lisse-observations.csv").read_bytes()


@transaction.atomic
def load_demo() -> list[str]:
    out = []
    validation = validate_text(lisse_policy_text())
    if not validation.ok:  # the shipped file is checked by the test suite; this guards a local edit
        raise RuntimeError("; ".join(p.render("lisse-2020-2023.yaml") for p in validation.problems))
    version, created = import_policy(validation.policy, filename="lisse-2020-2023.yaml", actor_name=DEMO_ACTOR)
    out.append(f"beleid: {version.policy.title} (versie {version.number}{', nieuw' if created else ''})")
    report = import_observations("lisse-observations.csv", lisse_observations(), actor_name=DEMO_ACTOR)
    if not report.ok:
        raise RuntimeError("; ".join(p.render() for p in report.problems))
    out.append(f"cijfers: {report.summary()}")
    hlt, _ = Organisation.objects.get_or_create(name="HLTsamen")
    hlt.municipalities.set(Area.objects.filter(code__in=["GM0534", "GM0553", "GM1525"]))
    out.append("organisatie: HLTsamen (Hillegom, Lisse, Teylingen)")
    out.append("demogebruikers (wachtwoorden zijn bij elke 'make demo' nieuw):")
    users = get_user_model()
    for name, role, code, description in DEMO_USERS:
        user, _ = users.objects.get_or_create(username=name)
        password = secrets.token_urlsafe(9)
        set_known_password(user, password, by=DEMO_ACTOR)  # printed for use as is: not one-time
        Membership.objects.update_or_create(user=user, municipality=Area.objects.get(code=code),
                                            defaults={"role": role})
        out.append(f"  {name:<12} wachtwoord {password}   {role.label} {code}: {description}")
    return out
