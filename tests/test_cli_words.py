"""The `ivb` command speaks Dutch also where argparse speaks, and `ivb report` writes the format its file is
named for: never a PDF in "rapport.docx"."""

import pytest

from ivb.cli import main


def test_it_refuses_a_wrong_choice_and_a_missing_argument_in_dutch(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["report", "GM0553", "2019", "--format", "odt", "-o", "x.odt"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("gebruik: ivb report")
    assert "ivb report: fout: bij --format: ongeldige keuze 'odt' (kies uit 'pdf', 'docx', 'html')" in err
    with pytest.raises(SystemExit):
        main(["picture", "GM0553", "twintig"])
    assert "ivb picture: fout: bij JAAR: 'twintig' is geen geheel getal" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "GM0553"])
    assert "ivb report: fout: deze ontbreken: JAAR, -o/--output" in capsys.readouterr().err


def test_the_help_is_dutch_too(capsys):
    with pytest.raises(SystemExit):
        main(["picture", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("gebruik: ivb picture") and "opties:" in out and "toont deze uitleg" in out
    assert "usage" not in out and "show this help" not in out


def test_the_report_takes_its_format_from_the_file_name(demo, tmp_path, capsys):
    docx = tmp_path / "rapport.docx"
    assert main(["report", "GM0553", "2019", "-o", str(docx)]) == 0
    assert docx.read_bytes()[:2] == b"PK"  # a Word file is a zip, a PDF starts with %PDF
    html = tmp_path / "rapport.htm"
    assert main(["report", "GM0553", "2019", "-o", str(html)]) == 0
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")


@pytest.mark.parametrize(("options", "said"), [
    (["-o", "rapport.odt"], "-o rapport.odt: kies het formaat met --format pdf, docx of html"),
    (["--format", "pdf", "-o", "rapport.docx"], "-o rapport.docx is een .docx-bestand, maar --format is pdf"),
])
def test_a_name_that_says_another_or_no_format_is_refused_and_nothing_is_written(demo, tmp_path, monkeypatch,
                                                                                  capsys, options, said):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "GM0553", "2019", *options]) == 1
    assert capsys.readouterr().err.startswith(f"ivb: {said}")
    assert not list(tmp_path.iterdir())


def _every_parser(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action.choices, dict):  # a group of subcommands
            for sub in action.choices.values():
                yield from _every_parser(sub)


def test_it_prints_every_help_text_as_it_reads():
    """argparse expands % only in an option's help, not in a description: '80%%' would be printed as is."""
    from ivb.cli import _parser

    parsers = list(_every_parser(_parser()))
    assert len(parsers) > 40
    for parser in parsers:
        text = parser.format_help()
        assert "%%" not in text and "%(" not in text, parser.prog
        assert "usage:" not in text, parser.prog
