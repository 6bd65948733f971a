"""Setting up, the demo, serving."""

from __future__ import annotations

import argparse
import io
import os

from ivb.cli.base import EXIT_OK, UserError, django


def add_commands(commands) -> None:
    p = commands.add_parser("setup", help="maak of werk de database bij en laad de referentiegegevens")
    p.set_defaults(run=setup)
    demo = commands.add_parser("demo", help="de Lisse-demo").add_subparsers(title="opdrachten")
    p = demo.add_parser("load", help="laad het Lisse-beleid met zijn cijfers, open data van alle gemeenten, "
                                     "demogebruikers en een fictief register")
    p.set_defaults(run=demo_load)
    p = commands.add_parser("serve", help="start de webapplicatie op 127.0.0.1")
    p.add_argument("--port", default=os.environ.get("PORT", "8000"))
    p.set_defaults(run=serve)
    p = commands.add_parser("manage", help="Django-beheeropdrachten (zoals django-admin)", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=manage)


def setup(args) -> int:
    django(check_migrations=False)
    from django.core.management import call_command

    from ivb.store.reference import sync_reference_data

    call_command("migrate", verbosity=0, interactive=False)
    sync_reference_data()
    print("database bijgewerkt, referentiegegevens geladen")
    return EXIT_OK


def demo_load(args) -> int:
    setup(args)
    from ivb.demo.load import load_demo

    for line in load_demo(complete=True):
        print(line)
    return EXIT_OK


def serve(args) -> int:
    django(web=True)
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    # Static files come from the apps (WhiteNoise's finders); an empty collect folder keeps WhiteNoise quiet.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    _port_free(args.port)
    print(f"IVB draait op http://127.0.0.1:{args.port}/ (stoppen: Ctrl+C)")
    print("Deze server is voor gebruik op deze computer; een server voor meer gebruikers staat in "
          "docs/getting-started.md (gunicorn achter een webserver).")
    # Django's own banner (English, with its version and settings module) is said above in the user's words.
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, stdout=io.StringIO())
    return EXIT_OK


def _port_free(given: str) -> None:
    """Say so in the user's words when the port is no port or taken (walk BQ: "IVB draait op …" and then Django's
    English "Error: That port is already in use.")."""
    import socket

    if not given.isdigit() or not 0 <= (port := int(given)) <= 65535:
        raise UserError(f"--port {given}: geen poortnummer (een getal van 1 tot en met 65535, zoals 8000)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise UserError(f"poort {port} is al in gebruik, misschien door een IVB die al draait; kies een andere "
                            f"met --port, bijvoorbeeld --port {port + 1}") from None


def manage(args) -> int:
    django(check_migrations=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ivb manage", *args.rest])
    return EXIT_OK


