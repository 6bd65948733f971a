"""Users and API tokens: `ivb user …` and `ivb token …`, over the same services as the members page.

The operator acts as `ivb-cli (<os user>)`; every change of a role, of register access and every password reset
is in the register's audit trail of the municipality concerned."""

from __future__ import annotations

import sys

from ivb.cli.base import EXIT_OK, UserError, cli_actor, django, municipality

ROLES = "lezer, analist, coordinator, beheerder, melder"
REGISTER = "ondermijning (team ondermijning) of privacy (privacyfunctionaris)"


def add_commands(commands) -> None:
    _user_commands(commands.add_parser("user", help="gebruikers, rollen en registertoegang")
                   .add_subparsers(title="opdrachten"))
    _token_commands(commands.add_parser("token", help="API-tokens").add_subparsers(title="opdrachten"))


def _user_commands(user) -> None:
    p = user.add_parser("create", help="maak een gebruiker met een rol (of geef een bestaande gebruiker de rol); "
                                       "drukt een eenmalig wachtwoord af")
    p.add_argument("username", metavar="NAAM")
    p.add_argument("--gemeente", required=True, action="append", metavar="GM…",
                   help="gemeente waarin de rol geldt (mag vaker, bijvoorbeeld voor een gezamenlijk beleid)")
    p.add_argument("--role", required=True, metavar="ROL", help=ROLES)
    p.add_argument("--register", action="append", default=[], metavar="TOEGANG",
                   help=f"registertoegang: {REGISTER} (mag vaker)")
    p.add_argument("--volledige-naam", metavar="NAAM", dest="full_name",
                   help="de naam zoals een vastgesteld rapport of jaarplan hem noemt ('Jan de Vries'); zonder: de "
                        "gebruikersnaam")
    p.set_defaults(run=user_create)
    p = user.add_parser("set-name", help="de volledige naam van een gebruiker, zoals een vastgesteld rapport of "
                                         "jaarplan hem noemt (leeg: weer de gebruikersnaam)")
    p.add_argument("username", metavar="NAAM")
    p.add_argument("full_name", metavar="VOLLEDIGE_NAAM")
    p.set_defaults(run=user_set_name)
    p = user.add_parser("reset-password", help="een nieuw eenmalig wachtwoord (het oude en alle tokens vervallen)")
    p.add_argument("username", metavar="NAAM")
    p.set_defaults(run=user_reset_password)
    p = user.add_parser("list", help="gebruikers met hun rollen en registertoegang")
    p.add_argument("--gemeente", metavar="GM…")
    p.set_defaults(run=user_list)
    p = user.add_parser("grant", help="geef een bestaande gebruiker een rol (of een andere rol)")
    p.add_argument("username", metavar="NAAM")
    p.add_argument("--gemeente", required=True, metavar="GM…")
    p.add_argument("--role", required=True, metavar="ROL", help=ROLES)
    p.set_defaults(run=user_grant)
    p = user.add_parser("revoke", help="trek de rol in een gemeente in, en daarmee de registertoegang daar")
    p.add_argument("username", metavar="NAAM")
    p.add_argument("--gemeente", required=True, metavar="GM…")
    p.set_defaults(run=user_revoke)
    p = user.add_parser("deactivate", help="schakel een account uit (iemand vertrekt): alle rollen, registertoegang "
                                           "en tokens ingetrokken, inloggen kan niet meer; de geschiedenis houdt de naam")
    p.add_argument("username", metavar="NAAM")
    p.set_defaults(run=user_deactivate)
    p = user.add_parser("reactivate", help="schakel een uitgeschakeld account weer in, met een eenmalig wachtwoord; "
                                           "geef daarna rollen met 'ivb user grant'")
    p.add_argument("username", metavar="NAAM")
    p.set_defaults(run=user_reactivate)
    p = user.add_parser("register-access", help="geef of trek registertoegang in")
    p.add_argument("username", metavar="NAAM")
    p.add_argument("--gemeente", required=True, metavar="GM…")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--grant", metavar="TOEGANG", help=REGISTER)
    group.add_argument("--revoke", metavar="TOEGANG", help=REGISTER)
    p.set_defaults(run=user_register_access)
    p = user.add_parser("unlock", help="hef een blokkade na te veel mislukte inlogpogingen op, van een account "
                                       "(NAAM) of van een adres (--adres); zonder beide: toon de blokkades")
    p.add_argument("username", metavar="NAAM", nargs="?")
    p.add_argument("--adres", metavar="IP", help="het IP-adres waarvan de inlogpogingen zijn geblokkeerd")
    p.set_defaults(run=user_unlock)


def _token_commands(token) -> None:
    p = token.add_parser("create", help="maak een API-token voor een gebruiker (wordt één keer getoond)")
    p.add_argument("username", metavar="GEBRUIKER")
    p.add_argument("--name", default="script", help="waarvoor het token is")
    p.add_argument("--days", default="90", metavar="N", help="dagen geldig (1 tot 366; standaard 90)")
    p.set_defaults(run=token_create)
    p = token.add_parser("list", help="API-tokens (van één gebruiker of van iedereen) met hun status")
    p.add_argument("username", nargs="?", metavar="GEBRUIKER")
    p.set_defaults(run=token_list)
    p = token.add_parser("revoke", help="trek een API-token in (het nummer uit 'ivb token list')")
    p.add_argument("token_id", metavar="NR")
    p.set_defaults(run=token_revoke)


def _services():
    """Django, then the services; an AccountError becomes the one-line message of a UserError."""
    django()
    from ivb.accounts import services

    return services


def _user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UserError(f"onbekende gebruiker '{username}'")
    return user


def _membership(user, area):
    from ivb.accounts.models import Membership

    membership = Membership.objects.filter(user=user, municipality=area).select_related("user", "municipality").first()
    if membership is None:
        raise UserError(f"{user.username} heeft geen rol in {area.name} ({area.code})")
    return membership


def user_create(args) -> int:
    services = _services()
    from django.db import transaction

    from ivb.register import rights

    areas = [municipality(code) for code in dict.fromkeys(args.gemeente)]
    password = None
    try:
        services.check_role(args.role)
        for kind in args.register:
            rights.check_register_kind(kind)
        with transaction.atomic():  # every role and every grant, or nothing
            actor = cli_actor()
            for area in areas:
                membership, new_password = services.grant_role(area, args.username, args.role, by_user=actor)
                password = password or new_password
                for kind in args.register:
                    rights.set_register_access(area, membership.user, kind, True, by_user=actor)
            if args.full_name is not None:
                services.set_full_name(membership.user, args.full_name)
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    user = membership.user
    access = "".join(f", registertoegang als {rights.REGISTER_KINDS[k]}" for k in dict.fromkeys(args.register))
    where = ", ".join(f"{area.name} ({area.code})" for area in areas)
    named = f" ({user.get_full_name()})" if user.get_full_name() else ""
    print(f"{user.username}{named} is {membership.get_role_display()} in {where}{access}")
    if password is None:
        print(f"{user.username} bestond al en houdt het eigen wachtwoord; een nieuw eenmalig wachtwoord geeft "
              f"'ivb user reset-password {user.username}'")
        return EXIT_OK
    print("Bij de eerste keer inloggen moet de gebruiker dit wachtwoord wijzigen.")
    print(f"Eenmalig wachtwoord voor {user.username}: {password}")
    return EXIT_OK


def user_set_name(args) -> int:
    services = _services()
    user = _user(args.username)
    try:
        services.set_full_name(user, args.full_name)
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    print(f"{user.username} heet nu {user.get_full_name()}" if user.get_full_name() else
          f"{user.username} heeft geen volledige naam meer; rapporten noemen de gebruikersnaam")
    return EXIT_OK


def user_reset_password(args) -> int:
    services = _services()
    user = _user(args.username)
    try:
        password = services.reset_password(user, by_user=cli_actor())
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    print("Het oude wachtwoord en de API-tokens van deze gebruiker werken niet meer.")
    print("Bij de eerste keer inloggen moet de gebruiker dit wachtwoord wijzigen.")
    print(f"Eenmalig wachtwoord voor {user.username}: {password}")
    return EXIT_OK


def user_list(args) -> int:
    django()
    from ivb.accounts.models import Membership
    from ivb.register import rights
    from ivb.register.models import RegisterAccess

    memberships = Membership.objects.select_related("user", "municipality", "user__password_status")
    if args.gemeente:
        memberships = memberships.filter(municipality=municipality(args.gemeente))
    grants: dict[tuple[int, int], list[str]] = {}
    for user_id, area_id, kind in RegisterAccess.objects.values_list("user_id", "municipality_id", "kind"):
        grants.setdefault((user_id, area_id), []).append(str(rights.REGISTER_KINDS[kind]))
    rows = [(m.user.username, f"{m.municipality.code} {m.municipality.name}", str(m.get_role_display()),
             ", ".join(sorted(grants.get((m.user_id, m.municipality_id), []))) or "–", _password_state(m.user))
            for m in memberships.order_by("user__username", "municipality__code")]
    if not rows:
        print("geen gebruikers met een rol" + (f" in {args.gemeente}" if args.gemeente else ""))
        return EXIT_OK
    _table(("gebruiker", "gemeente", "rol", "registertoegang", "wachtwoord"), rows)
    return EXIT_OK


def _password_state(user) -> str:
    status = getattr(user, "password_status", None)
    if not user.is_active:
        return "inactief"
    return "eenmalig (nog wijzigen)" if status is not None and status.one_time else "eigen"


def _table(header, rows) -> None:
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def user_grant(args) -> int:
    services = _services()
    area = municipality(args.gemeente)
    user = _user(args.username)  # `grant` never creates an account: that is `create`
    from ivb.accounts.models import Membership

    before = Membership.objects.filter(user=user, municipality=area).first()
    try:
        membership, _ = services.grant_role(area, user.username, args.role, by_user=cli_actor())
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    # One role per municipality: a grant replaces the one there was, and says so (walk BV: an analist made
    # beheerder lost the analist's role without a word).
    was = (f" (was {before.get_role_display()}: één rol per gemeente; wie beide nodig heeft, krijgt een tweede account)"
           if before is not None and before.role != membership.role else "")
    print(f"{user.username} is {membership.get_role_display()} in {area.name} ({area.code}){was}")
    return EXIT_OK


def user_revoke(args) -> int:
    services = _services()
    from ivb.register.models import RegisterAccess

    area = municipality(args.gemeente)
    membership = _membership(_user(args.username), area)
    ended = RegisterAccess.objects.filter(user=membership.user, municipality=area).count()
    services.revoke_role(membership, cli_actor())
    also = f", en de registertoegang daar ({ended})" if ended else ""
    print(f"rol van {membership.user.username} in {area.name} ({area.code}) ingetrokken{also}")
    return EXIT_OK


def user_deactivate(args) -> int:
    services = _services()
    user = _user(args.username)
    if not user.is_active:
        raise UserError(f"{user.username} is al uitgeschakeld")
    try:
        left, revoked = services.deactivate_user(user, by_user=cli_actor())
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    roles = f"rollen en registertoegang ingetrokken in {', '.join(left)}" if left else "geen rollen"
    tokens = "geen tokens" if not revoked else "1 token" if revoked == 1 else f"{revoked} tokens"
    print(f"{user.username} uitgeschakeld: {roles}; {tokens} ingetrokken; inloggen kan niet meer")
    return EXIT_OK


def user_reactivate(args) -> int:
    services = _services()
    user = _user(args.username)
    try:
        password = services.reactivate_user(user, by_user=cli_actor())
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    print(f"{user.username} weer ingeschakeld; eenmalig wachtwoord: {password}")
    print(f"geef de rollen opnieuw: ivb user grant {user.username} --gemeente GM… --role …", file=sys.stderr)
    return EXIT_OK


def user_register_access(args) -> int:
    services = _services()
    from ivb.register import rights

    area = municipality(args.gemeente)
    user = _user(args.username)
    kind, grant = (args.grant, True) if args.grant else (args.revoke, False)
    try:
        changed = rights.set_register_access(area, user, kind, grant, by_user=cli_actor())
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    label = rights.REGISTER_KINDS[kind]
    if not changed:
        print(f"niets gewijzigd: {user.username} had {'al' if grant else 'geen'} registertoegang als {label} "
              f"in {area.name}")
    elif grant:
        print(f"{user.username} heeft nu registertoegang als {label} in {area.name} ({area.code})")
    else:
        print(f"registertoegang als {label} van {user.username} in {area.name} ({area.code}) ingetrokken")
    return EXIT_OK


def user_unlock(args) -> int:
    """Lifts an account's lockout, an address's, or both. Failures count per account and per address (ADR
    accounts), so an account can stay refused from an address that guessed other names: say so."""
    django()
    from axes.utils import reset

    from ivb.accounts.throttle import failures, locked_addresses

    # Every address still refused is named, with the names it tried: an address that is refused turns the
    # account away before it can count a try, so "the addresses that tried this name" would miss the one that
    # matters; the operator judges by the names.
    if args.username:
        counted = failures(username=args.username)
        reset(username=args.username)
        print(f"blokkade van {args.username} opgeheven ({_attempts_words(counted)} gewist)" if counted
              else f"{args.username} was niet geblokkeerd")
    if args.adres:
        counted = failures(ip=args.adres)
        reset(ip=args.adres)
        print(f"blokkade van adres {args.adres} opgeheven ({_attempts_words(counted)} gewist)" if counted
              else f"adres {args.adres} was niet geblokkeerd")
    if args.adres and not args.username:
        return EXIT_OK
    still = locked_addresses()
    for address, counted, names in still:
        print(f"let op: adres {address} is nog geblokkeerd ({_attempts_words(counted)}, met de namen "
              f"{', '.join(names)}); van daar komt niemand binnen, ook niet met het juiste wachtwoord. Opheffen: "
              f"ivb user unlock --adres {address}")
    if not args.username and not still:
        print("er is geen adres geblokkeerd; geef een NAAM om de blokkade van een account op te heffen")
    return EXIT_OK


def _attempts_words(n: int) -> str:
    return "1 mislukte poging" if n == 1 else f"{n} mislukte pogingen"


def token_create(args) -> int:
    services = _services()
    days = _whole_number(args.days, "--days")
    user = _user(args.username)
    try:
        token = services.issue_token(user, args.name, days=days, by=cli_actor())
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    print(token)
    print(f"Bewaar dit token; het wordt niet nog eens getoond. Geldig {days} {'dag' if days == 1 else 'dagen'}, tot de gebruiker het "
          "wachtwoord wijzigt of het wordt ingetrokken ('ivb token revoke').", file=sys.stderr)
    return EXIT_OK


def _whole_number(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UserError(f"{option}: '{text}' is geen heel getal") from None


def token_list(args) -> int:
    services = _services()
    from ivb.accounts.tokens import state

    found = services.tokens_of(_user(args.username) if args.username else None)
    rows = [(t.pk, t.user.username, t.name, _day(t.created_at), _day(t.expires_at),
             _day(t.last_used_at), state(t)) for t in found]
    if not rows:
        print("geen API-tokens")
        return EXIT_OK
    _table(("nr", "gebruiker", "naam", "gemaakt", "verloopt", "laatst gebruikt", "status"), rows)
    return EXIT_OK


def _day(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d-%m-%Y") if moment else "–"


def token_revoke(args) -> int:
    services = _services()
    try:
        token = services.revoke_token(_whole_number(args.token_id, "NR"), by=cli_actor())
    except services.AccountError as exc:
        raise UserError(str(exc)) from None
    print(f"token {token.pk} ({token.name}) van {token.user.username} ingetrokken")
    return EXIT_OK
