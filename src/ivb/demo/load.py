"""The Lisse demo: the policy, the figures its text gives, and demo users whose passwords are printed; with
`complete`, also real open data for every municipality and fictitious register content for Lisse."""

import secrets
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from ivb.accounts.models import Membership, Organisation, Role
from ivb.accounts.services import set_known_password
from ivb.domain.policy import validate_text
from ivb.policies import lisse_policy_text
from ivb.register.models import RegisterAccess
from ivb.register.rights import set_register_access
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
# The register's personas, made by the complete demo (`ivb demo load`) only.
DEMO_REGISTER_USERS = [
    ("team", Role.LEZER, "GM0553", "team veiligheid van Lisse: signalen en casussen in het register"),
    ("privacy", Role.LEZER, "GM0553", "privacyfunctionaris van Lisse: de audittrail van het register"),
    ("melder", Role.MELDER, "GM0553", "medewerker van Lisse die alleen signalen meldt en volgt"),
]
# register access on top of the role, per user name (see docs/authorisation.md)
DEMO_REGISTER_ACCESS = {"team": RegisterAccess.Kind.TEAM, "privacy": RegisterAccess.Kind.PRIVACY}


def lisse_observations() -> bytes:
    return resources.files("ivb.demo").joinpath("lisse-observations.csv").read_bytes()


@transaction.atomic
def load_demo(*, complete: bool = False) -> list[str]:
    """`complete` (as `ivb demo load` does): with the open data and the register content. Tests of the policy's
    own figures leave it out."""
    out = []
    validation = validate_text(lisse_policy_text())
    if not validation.ok:  # the shipped file is checked by the test suite; this guards a local edit
        raise RuntimeError("; ".join(p.render("lisse-2020-2023.yaml") for p in validation.problems))
    assert validation.policy is not None  # ok: the file was read into a policy
    version, created = import_policy(validation.policy, filename="lisse-2020-2023.yaml", actor_name=DEMO_ACTOR)
    out.append(f"beleid: {version.policy.title} (versie {version.number}{', nieuw' if created else ''})")
    report = import_observations("lisse-observations.csv", lisse_observations(), actor_name=DEMO_ACTOR)
    if not report.ok:
        raise RuntimeError("; ".join(p.render() for p in report.problems))
    out.append(f"cijfers: {report.summary()}")
    hlt, _ = Organisation.objects.get_or_create(name="HLTsamen")
    hlt.municipalities.set(Area.objects.filter(code__in=["GM0534", "GM0553", "GM1525"]))
    out.append("organisatie: HLTsamen (Hillegom, Lisse, Teylingen)")
    if complete:
        from ivb.demo.opendata import load_open_data

        out.extend(load_open_data(DEMO_ACTOR))
    accounts = len(out)
    out.append("demogebruikers (wachtwoorden zijn bij elke keer laden nieuw):")
    users = get_user_model()
    for name, role, code, description in DEMO_USERS + (DEMO_REGISTER_USERS if complete else []):
        user, _ = users.objects.get_or_create(username=name)
        password = secrets.token_urlsafe(9)
        set_known_password(user, password, by=DEMO_ACTOR)  # printed for use as is: not one-time
        Membership.objects.update_or_create(user=user, municipality=Area.objects.get(code=code),
                                            defaults={"role": role})
        if name in DEMO_REGISTER_ACCESS:
            set_register_access(Area.objects.get(code=code), user, DEMO_REGISTER_ACCESS[name], True, by_user=DEMO_ACTOR)
        out.append(f"  {name:<12} wachtwoord {password}   {role.label} {code}: {description}")
    if complete:
        from ivb.demo.register import load_register_content

        out.insert(accounts, load_register_content(Area.objects.get(code="GM0553")))  # the accounts come last
    return out
