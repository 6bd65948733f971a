"""Large uploads (issue 13): problems grouped by kind with their rows as ranges, a screenful on the page, the
full list as a CSV download for the uploader only; nothing stored; the command prints the same summary."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from ivb.cli import main
from ivb.domain.numbers import format_number, format_size
from ivb.domain.problem_groups import rows_text
from ivb.store.models import ImportBatch, Observation
from tests.conftest import text

HEADER = "gebied;reeks;periode;waarde;status;bron\n"
ROW = "GM0553;politie.geweld;2013;70;definitief;Politie\n"
URL = "/gemeente/GM0553/cijfers/importeren/"


def test_it_writes_rows_as_ranges_in_dutch_notation():
    assert rows_text(list(range(3, 150_001))) == "rij 3 t/m 150000"
    assert rows_text([3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 16, 17, 18, 19, 20]) == "rij 3–10, 12, 15–20"
    assert rows_text(list(range(2, 60, 2))).endswith(", 24 …")
    assert rows_text([7]) == "rij 7" and rows_text([]) == ""
    assert (format_number(149_998, 'count'), format_size(11_534_336), format_size(2048)) == ("149.998", "11,0 MB", "2 kB")


def upload(client, content, name="groot.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def test_it_groups_many_duplicates_into_one_line_and_stores_nothing(client, analyst):
    client.force_login(analyst)
    before = (Observation.objects.count(), ImportBatch.objects.count())
    page = text(upload(client, (HEADER + ROW * 3000).encode()))
    assert "groot.csv: 2.999 problemen gevonden; er is niets opgeslagen." in page
    assert '<td class="value">2.999×</td><th scope="row">dubbele regel</th><td>rij 3 t/m 3001</td>' in page
    assert "staat ook op rij 2" in page
    assert "Problemen per rij" not in page  # not thousands of rows on the page
    assert len(page) < 20_000
    assert (Observation.objects.count(), ImportBatch.objects.count()) == before


def test_it_lists_different_kinds_with_their_rows(client, analyst):
    client.force_login(analyst)
    rows = [ROW, "GM0553;politie.geweld;2012;veel;definitief;Politie\n", ROW,
            "GM9999;politie.geweld;2011;5;definitief;Politie\n", "GM0553;politie.geweld;2010;veel;definitief;\n"]
    page = text(upload(client, (HEADER + "".join(rows)).encode()))
    assert '<td class="value">2×</td><th scope="row">waarde geen getal</th><td>rij 3, 6</td>' in page
    assert '<th scope="row">dubbele regel</th><td>rij 4</td>' in page
    assert '<th scope="row">onbekend gebied</th><td>rij 5</td>' in page
    assert '<th scope="row">bron ontbreekt</th><td>rij 6</td>' in page
    assert "Problemen per rij" in page  # few problems: each one too


def test_it_offers_every_problem_as_csv_to_the_uploader_only(client, analyst, outsider):
    from django.test import Client

    client.force_login(analyst)
    response = upload(client, (HEADER + ROW * 50).encode())
    link = next(part.split('"')[0] for part in text(response).split('href="')
                if part.startswith("/gemeente/GM0553/cijfers/importeren/problemen/"))
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    header = rows.index(["Rij", "Kolom", "Soort", "Wat is er mis"])
    problems = rows[header + 1:]
    assert len(problems) == 49 and problems[0][:3] == ["3", "periode", "dubbele regel"]
    assert problems[-1][0] == "51"
    # Another user, even of the same municipality, or another session: not found.
    other = Client()
    other.force_login(outsider)
    assert other.get(link).status_code == 404
    same_user_other_session = Client()
    same_user_other_session.force_login(analyst)
    assert same_user_other_session.get(link).status_code == 404
    assert client.get(link.replace("GM0553", "GM0534")).status_code == 404


def test_it_loads_the_progress_script_and_keeps_the_plain_form(client, analyst):
    client.force_login(analyst)
    page = text(client.get(URL))
    assert 'enctype="multipart/form-data"' in page and "data-upload-progress" in page
    assert 'data-text-checking="Bezig met controleren…"' in page and "/static/ivb/upload.js" in page
    assert "<progress" in page


def test_it_prints_the_grouped_summary_in_the_command_and_writes_the_full_list(reference, tmp_path, capsys):
    path = tmp_path / "groot.csv"
    path.write_text(HEADER + ROW * 3000 + "GM0553;politie.geweld;2012;veel;definitief;Politie\n")
    assert main(["observations", "import", str(path), "--problemen", str(tmp_path / "p.csv")]) == 1
    err = capsys.readouterr().err
    assert "  2.999× dubbele regel: rij 3 t/m 3001" in err and "  1× waarde geen getal: rij 3002" in err
    assert "alle 3.000 problemen staan in" in err
    assert "groot.csv: rij 5," not in err  # not every row
    assert len((tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()) > 3000


def test_it_reports_every_repeated_bad_row_with_its_own_number(reference):
    from ivb.store.observation_import import import_observations

    bad = "GM0553;politie.geweld;2012;veel;definitief;Politie\n"
    content = (HEADER + bad * 3 + ROW + bad).encode()
    before = (Observation.objects.count(), ImportBatch.objects.count())
    report = import_observations("herhaald.csv", content, actor_name="test")
    assert [g.line() for g in report.groups()] == ["4× waarde geen getal: rij 2–4, 6", "3× dubbele regel: rij 3–4, 6"]
    assert [p.row for p in report.problems if p.kind == "waarde geen getal"] == [2, 3, 4, 6]
    assert (Observation.objects.count(), ImportBatch.objects.count()) == before


def test_a_fraction_for_a_count_an_unknown_series_and_a_cp1252_file_are_told_in_the_forms_words(client, analyst):
    client.force_login(analyst)
    before = (Observation.objects.count(), ImportBatch.objects.count())
    page = text(upload(client, (HEADER + "GM0553;politie.geweld;2013;3,5;definitief;Politie\n"
                                "GM0553;politie.woninginbraak;2014;12;definitief;Politie\n").encode(), "cijfers.csv"))
    assert '<th scope="row">geen geheel getal</th><td>rij 2</td>' in page
    assert "waarde buiten bereik" not in page
    assert "onbekende reeks &#x27;politie.woninginbraak&#x27;; bedoelt u &#x27;politie.woninginbraken&#x27;" in page
    cp1252 = text(upload(client, (HEADER + "GM0553;politie.geweld;2013;70;definitief;Politie §2\n").encode("cp1252"),
                         "excel.csv"))
    assert "geen geldige UTF-8; kies de codering Windows-1252 als het bestand uit Excel komt" in cp1252
    assert "(bijvoorbeeld cp1252)" not in cp1252
    assert (Observation.objects.count(), ImportBatch.objects.count()) == before
