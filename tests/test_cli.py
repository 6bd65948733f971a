"""The `ivb` command as a user runs it: clear one-line messages, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def ivb(*args, **env):
    return subprocess.run([sys.executable, "-m", "ivb.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def test_it_says_so_when_the_database_cannot_be_reached():
    result = ivb("policy", "export", "GM0553", "2020-2023", DATABASE_URL="postgres://nobody@127.0.0.1:1/ivb")
    assert result.returncode == 1
    assert result.stderr.startswith("ivb: de database is niet bereikbaar")
    assert "Traceback" not in result.stderr


def test_it_says_so_when_the_web_server_has_no_secret_key():
    result = ivb("serve", SECRET_KEY="", DEBUG="0")
    assert result.returncode == 1
    assert "SECRET_KEY ontbreekt" in result.stderr and "Traceback" not in result.stderr


def test_it_prints_help_without_a_command():
    result = ivb()
    assert result.returncode == 2 and "policy" in result.stdout and "observations" in result.stdout


def test_it_says_so_when_an_output_file_cannot_be_written(tmp_path):
    result = ivb("policy", "upgrade", str(ROOT / "src/ivb/policies/lisse-2020-2023.yaml"), "-o", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"ivb: {tmp_path}: dat is een map; geef een bestandsnaam\n"


def test_upgrade_writes_to_standard_output_with_a_dash():
    result = ivb("policy", "upgrade", str(ROOT / "tests/data/policies/joint-zuid-kennemerland.yaml"), "-o", "-")
    assert result.returncode == 0 and result.stdout.startswith("# A joint policy")
    assert result.stderr.endswith("al versie 2, niets gewijzigd\n")



def test_it_makes_no_data_folder_in_the_working_directory_for_another_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "IVB_DATA_DIR", "DJANGO_SETTINGS_MODULE")}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "ivb.cli", "areas", "list", "--search", "Lisse"], capture_output=True,
                   text=True, timeout=60, cwd=elsewhere, env={**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert not (elsewhere / "var").exists()
    default = tmp_path / "default"
    default.mkdir()
    subprocess.run([sys.executable, "-m", "ivb.cli", "areas", "list", "--search", "Lisse"], capture_output=True,
                   text=True, timeout=60, cwd=default, env=env)
    assert (default / "var").is_dir()  # the default SQLite database lives there


def test_an_output_file_cut_short_leaves_the_old_file_whole(tmp_path):
    # A size limit (or a full disk) stops the write half-way: the file that was there stays as it was.
    import resource

    target = tmp_path / "out.json"
    target.write_text("oud\n", encoding="utf-8")
    target.chmod(0o640)
    code = f"from ivb.cli.base import write; write({str(target)!r}, 'x' * 20000)"
    guarded = f"import sys\nfrom ivb.cli.base import UserError\ntry:\n    {code}\nexcept UserError as e:\n" \
              "    sys.exit(str(e))"
    result = subprocess.run([sys.executable, "-c", guarded], capture_output=True, text=True, timeout=60,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192)))
    assert result.returncode == 1
    assert result.stderr == f"{target}: kan niet schrijven (het bestand wordt groter dan toegestaan); er is niets " \
                            "geschreven\n"
    assert target.read_text(encoding="utf-8") == "oud\n" and [p.name for p in tmp_path.iterdir()] == ["out.json"]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and target.read_text(encoding="utf-8") == "x" * 20000
    assert target.stat().st_mode & 0o777 == 0o640  # the new content keeps the file's permissions


def test_an_output_through_a_link_or_to_a_pipe_is_written_not_replaced(tmp_path, monkeypatch):
    """A link stays a link (its file gets the content), a pipe is written to as it is; a file the user may not
    write is left alone with a message (review H1)."""
    import os
    import threading

    from ivb.cli.base import UserError, write

    real = tmp_path / "beleid.yaml"
    real.write_text("oud\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write(str(link), "nieuw\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "nieuw\n"

    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write(str(fifo), "door de pijp\n")
    reader.join(timeout=10)
    assert received == ["door de pijp\n"] and fifo.is_fifo()

    locked = tmp_path / "alleen-lezen.txt"
    locked.write_text("blijft\n", encoding="utf-8")
    locked.chmod(0o444)
    # Root may write anything (as CI runs); the check is for the user whom the system refuses.
    monkeypatch.setattr("ivb.cli.base.os.access", lambda path, mode: Path(path) != locked)
    with pytest.raises(UserError, match="geen toestemming"):
        write(str(locked), "x")
    assert locked.read_text(encoding="utf-8") == "blijft\n"


def test_the_web_server_speaks_dutch_and_answers(tmp_path):
    """A new user's walk of 4 December: `ivb serve` printed Django's English banner ("Starting development
    server … Do not use it in a production setting") after IVB's own line."""
    import socket
    import time
    import urllib.request

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'ivb.sqlite3'}", "SECRET_KEY": "s" * 50, "SECURE_COOKIES": "0"}
    assert ivb("setup", **env).returncode == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "ivb.cli", "serve", "--port", str(port)], text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env})
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
    finally:
        server.terminate()
        out, err = server.communicate(timeout=20)
    assert out.startswith(f"IVB draait op http://127.0.0.1:{port}/ (stoppen: Ctrl+C)\nDeze server is voor gebruik op "
                          "deze computer")
    for english in ("Starting development server", "Django version", "Quit the server", "production setting"):
        assert english not in out + err, english


def test_it_says_in_dutch_when_the_port_is_taken_and_starts_nothing(tmp_path):
    """Walk BQ: "IVB draait op …" and then Django's "Error: That port is already in use."."""
    import socket

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'ivb.sqlite3'}", "SECRET_KEY": "s" * 50, "SECURE_COOKIES": "0"}
    assert ivb("setup", **env).returncode == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = ivb("serve", "--port", str(port), **env)
    assert result.returncode == 1 and "draait op" not in result.stdout
    assert result.stderr.startswith(f"ivb: poort {port} is al in gebruik") and "Error" not in result.stderr


def test_it_says_where_it_looked_when_there_is_no_database_yet(tmp_path):
    """Walk BQ: run from another folder, every command said "voer eerst 'ivb setup' uit", which made a second, empty
    database there."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run([sys.executable, "-m", "ivb.cli", "policy", "export", "GM0553", "2020-2023"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path,
                            env={**env, "IVB_DATA_DIR": str(tmp_path / "elders")})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"ivb: in {tmp_path / 'elders'} staat nog geen IVB-database.")
