"""What every `ivb` command shares: the user-facing error, Django start-up, reading files, the actor."""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def cli_actor() -> str:
    """Who did it, for provenance: the operating-system user running the command."""
    try:
        return f"ivb-cli ({getpass.getuser()})"
    except (KeyError, OSError):
        return "ivb-cli"


class UserError(Exception):
    """A problem to tell the user in one line, without a traceback."""


def finish(report) -> int:
    """An import's last line and exit code: the summary on standard output when all went in, on standard error
    (exit code 1) when the file was refused."""
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def read_bytes(name: str) -> bytes:
    """A file's content; a missing or unreadable file is a one-line message naming it, never a traceback."""
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise UserError(f"{name}: bestand niet gevonden") from None
    except OSError as exc:
        raise UserError(f"{name}: kan niet gelezen worden ({exc.strerror})") from None


def read(name: str) -> str:
    """A policy file's text. A file past the policy size limit is refused by its size, before it is read."""
    from ivb.domain.encoding import EncodingProblem
    from ivb.domain.policy import POLICY_MAX_BYTES, policy_text
    from ivb.domain.numbers import format_size

    if name == "-":
        return sys.stdin.read(POLICY_MAX_BYTES + 1)  # at most one character too many: the check then says so
    try:
        size = Path(name).stat().st_size
        if size > POLICY_MAX_BYTES:
            raise UserError(f"{name}: het bestand is {format_size(size)}; het maximum is {format_size(POLICY_MAX_BYTES)}")
        return policy_text(Path(name).read_bytes())
    except FileNotFoundError:
        raise UserError(f"{name}: bestand niet gevonden") from None
    except EncodingProblem as exc:
        raise UserError(f"{name}: {exc}") from None
    except OSError as exc:
        raise UserError(f"{name}: {exc.strerror}") from None


def write(name: str, content: str | bytes) -> None:
    """Write a command's output file; `-` is standard output. The content goes to a new file beside it that then
    takes its place: a full disk or a size limit leaves the old file as it was, never half a file. A path that
    cannot be written is a one-line Dutch message, never a traceback."""
    import tempfile

    if name == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    # A link is followed (a policy file linked from elsewhere stays a link); a device or a pipe (/dev/null,
    # /dev/stdout) is written to as it is, never replaced; a file this user may not write is left alone.
    target = Path(os.path.realpath(name))
    if target.exists() and not target.is_file():
        return _write_in_place(name, target, data)
    if target.exists() and not os.access(target, os.W_OK):
        raise UserError(f"{name}: kan niet schrijven (geen toestemming); er is niets geschreven")
    partial = None
    try:
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".nieuw")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(partial, _mode(target))
        os.replace(partial, target)
    except OSError as exc:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
        raise UserError(f"{name}: {_why_not_written(exc)}") from None


def _write_in_place(name: str, target: Path, data: bytes) -> None:
    try:
        with open(target, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise UserError(f"{name}: {_why_not_written(exc)}") from None


def _mode(target: Path) -> int:
    """The file keeps its permissions; a new one gets the usual ones (mkstemp's are for the owner only)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _why_not_written(exc: OSError) -> str:
    import errno

    if isinstance(exc, IsADirectoryError):
        return "dat is een map; geef een bestandsnaam"
    reasons = {errno.ENOENT: "de map bestaat niet", errno.ENOTDIR: "de map bestaat niet",
               errno.EACCES: "geen toestemming", errno.EPERM: "geen toestemming", errno.EROFS: "alleen-lezen schijf",
               errno.ENOSPC: "de schijf is vol", errno.EDQUOT: "de schijfruimte (quota) is op",
               errno.EFBIG: "het bestand wordt groter dan toegestaan"}
    reason = reasons.get(exc.errno or 0, f"systeemfout {errno.errorcode.get(exc.errno or 0, exc.errno)}")
    return f"kan niet schrijven ({reason}); er is niets geschreven"


def validate_file(name: str):
    from ivb.domain.policy import validate_text

    return validate_text(read(name))


def print_problems(name: str, problems) -> None:
    shown = "stdin" if name == "-" else name
    for problem in problems:
        print(problem.render(shown), file=sys.stderr)
    print(f"{shown}: {count(len(problems), 'probleem', 'problemen')}", file=sys.stderr)


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def django(check_migrations: bool = True, web: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivb.settings")
    if not web:
        # Commands without a web server sign nothing that outlives the process.
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(32))
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        from ivb.settings import DATA_DIR
    except ImproperlyConfigured as exc:
        raise UserError(str(exc)) from None

    if not os.environ.get("DATABASE_URL"):  # the default database is a file there; other data makes its own folder
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        raise UserError(f"de database is niet bereikbaar ({str(exc).strip().splitlines()[0]})") from None
    if check_migrations:
        from django.db import DEFAULT_DB_ALIAS, connections
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            if not executor.loader.applied_migrations and not os.environ.get("DATABASE_URL"):
                # Walk BQ: run from another folder, the default file is a new one there; 'ivb setup' made a second.
                raise UserError(f"in {DATA_DIR} staat nog geen IVB-database. Is IVB in een andere map ingesteld? Voer "
                                "de opdracht dan daar uit, of zet IVB_DATA_DIR op de map met de gegevens; een nieuwe "
                                "database maakt 'ivb setup'")
            raise UserError("de database is niet bijgewerkt; voer eerst 'ivb setup' uit")


def municipality(code_or_name: str):
    """The municipality with this code or exact name; otherwise a message with the nearest match."""
    from ivb.store.areas import AreaError, find_municipality

    try:
        return find_municipality(code_or_name)
    except AreaError as exc:
        raise UserError(str(exc)) from None


def date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"'{text}' is geen datum (JJJJ-MM-DD)") from None


