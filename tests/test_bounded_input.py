"""Issue 14, items 2 and 6: input is bounded while it is read, and a file's encoding is never guessed.

Each test failed on the code before this change: the XLSX dimension bomb ran on and on, an upload was read
whole before its limit, an API body over the limit gave a 500, a deeply nested policy gave a 500, a list took
any number of entries, full-width digits passed as digits, and a Windows-1252 file was silently read as such.
"""

import io
import json
import tracemalloc

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest

from ivb.accounts.models import Membership, Role
from ivb.accounts.tokens import create_token
from ivb.cli import main
from ivb.store.models import Area, ImportBatch, Observation
from ivb.store.observation_import import import_observations
from tests import bombs
from tests.conftest import text

HEADER = "gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting\n"
ROW = "GM0553;politie.geweld;2018;51;definitief;Politie;Rapportage – 2018 (€);§2;;\n"
CP1252 = (HEADER + ROW).encode("cp1252")
BAD_AT = CP1252.index("–".encode("cp1252")) + 1  # the byte's place in the file, counted from 1
REFUSED = (f"regel 2, byte {BAD_AT}: geen geldige UTF-8; kies de codering Windows-1252 als het bestand "
           "uit Excel komt")


def nothing_written():
    return not Observation.objects.exists() and not ImportBatch.objects.exists()


# ------------------------------------------------------------------------------------------------------ XLSX

def test_it_refuses_the_xlsx_dimension_bomb(reference):
    content = bombs.dimension_bomb()  # a few kB claiming A1:XFD1048576, one cell in row 1,048,576
    assert len(content) < 5_000
    report = import_observations("bom.xlsx", content, actor_name="test")
    assert [p.message for p in report.problems] == [
        "rij 1048576 ligt voorbij de grens: het maximum is 200.000 rijen onder de kolomkoppen; splits het bestand"]
    assert nothing_written()


def test_it_refuses_a_cell_far_to_the_right_without_building_the_row(reference):
    report = import_observations("breed.xlsx", bombs.wide_row(), actor_name="test")
    assert [p.message for p in report.problems] == ["rij 2 heeft een cel voorbij kolom 50; het maximum is 50 kolommen"]


def test_it_refuses_a_zip_bomb_by_its_unpacked_size_before_opening_it(reference):
    content = bombs.zip_bomb(200)
    assert len(content) < 1_000_000
    report = import_observations("zip.xlsx", content, actor_name="test")
    assert [p.message for p in report.problems] == [
        "het onderdeel xl/sharedStrings.xml van het XLSX-bestand pakt uit tot 200,0 MB; het maximum is 50,0 MB"]


def test_a_hand_built_workbook_within_the_limits_is_still_read(reference):
    row = ('<row r="5"><c r="A5" t="inlineStr"><is><t>GM0553</t></is></c><c r="B5" t="inlineStr"><is><t>'
           'politie.geweld</t></is></c><c r="C5"><v>2018</v></c><c r="D5"><v>51</v></c><c r="E5" t="inlineStr">'
           '<is><t>definitief</t></is></c><c r="F5" t="inlineStr"><is><t>Politie</t></is></c></row>')
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip("ABCDEF", bombs.HEADER, strict=True))
    report = import_observations("ok.xlsx", bombs.xlsx(f'<row r="1">{header}</row>' + row, "A1:XFD1048576"),
                                 actor_name="test")
    assert report.ok and Observation.objects.get().value == 51


# -------------------------------------------------------------------------------------------------- encoding

def test_a_cp1252_file_is_refused_without_encoding_on_the_command_line(reference, tmp_path, capsys):
    path = tmp_path / "excel.csv"
    path.write_bytes(CP1252)
    assert main(["observations", "import", str(path)]) == 1
    assert f"excel.csv: bestand: {REFUSED}" in capsys.readouterr().err
    assert nothing_written()


def test_a_cp1252_file_is_read_when_its_encoding_is_named(reference, tmp_path, capsys):
    path = tmp_path / "excel.csv"
    path.write_bytes(CP1252)
    assert main(["observations", "import", str(path), "--encoding", "cp1252"]) == 0
    assert Observation.objects.get().source_document == "Rapportage – 2018 (€)"


def test_an_unknown_encoding_is_a_one_line_message(reference, tmp_path, capsys):
    path = tmp_path / "excel.csv"
    path.write_bytes(CP1252)
    assert main(["observations", "import", str(path), "--encoding", "ebcdic"]) != 0
    assert "--encoding: onbekende codering 'ebcdic'; kies uit: utf-8, cp1252, latin-1" in capsys.readouterr().err


def test_the_upload_form_refuses_cp1252_until_the_encoding_is_chosen(client, analyst):
    client.force_login(analyst)
    url = "/gemeente/GM0553/cijfers/importeren/"
    page = text(client.get(url))
    assert "Codering" in page and "UTF-8 (standaard)" in page and "Windows-1252" in page
    page = text(client.post(url, {"file": SimpleUploadedFile("excel.csv", CP1252)}))
    assert f"regel 2, byte {BAD_AT}: geen geldige UTF-8" in page
    assert not Observation.objects.filter(source_document__startswith="Rapportage –").exists()
    page = text(client.post(url, {"file": SimpleUploadedFile("excel.csv", CP1252), "encoding": "cp1252"}))
    assert "Import gelukt" in page
    assert Observation.objects.filter(source_document="Rapportage – 2018 (€)").count() == 1


# ----------------------------------------------------------------------------------------------------- uploads

class _Endless(io.RawIOBase):
    """A request body produced as it is read: a multipart form with one file of `size` bytes."""

    def __init__(self, boundary: str, size: int):
        self.head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"groot.csv\"\r\n"
                     "Content-Type: text/csv\r\n\r\n").encode()
        self.tail = f"\r\n--{boundary}--\r\n".encode()
        self.left = size
        self.length = len(self.head) + size + len(self.tail)

    def read(self, n=-1):
        if self.head:
            out, self.head = self.head, b""
            return out
        if self.left:
            chunk = min(self.left, n if n and n > 0 else 1 << 16, 1 << 16)
            self.left -= chunk
            return b"x" * chunk
        out, self.tail = self.tail, b""
        return out


def test_an_oversized_upload_is_refused_while_it_streams_in(settings):
    """A 40 MB upload against a 1 MB limit: refused with its size, without the server holding it."""
    settings.IVB_UPLOAD_MAX_BYTES = 1024 * 1024
    body = _Endless("grens", 40 * 1024 * 1024)
    request = WSGIRequest({"REQUEST_METHOD": "POST", "PATH_INFO": "/", "wsgi.input": body,
                           "CONTENT_TYPE": "multipart/form-data; boundary=grens", "CONTENT_LENGTH": str(body.length)})
    tracemalloc.start()
    try:
        upload = request.FILES["file"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # held today: the whole file, in a temporary file and then in memory
    assert (upload.name, upload.size) == ("groot.csv", 40 * 1024 * 1024)
    from ivb.web.forms import UploadForm

    form = UploadForm({}, {"file": upload})
    assert not form.is_valid()
    assert form.errors["file"] == ["groot.csv is 40,0 MB; het maximum is 1,0 MB. Er is niets gelezen of opgeslagen."]


def test_the_upload_page_names_the_limit(client, analyst, settings):
    settings.IVB_UPLOAD_MAX_BYTES = 1000
    client.force_login(analyst)
    page = text(client.post("/gemeente/GM0553/cijfers/importeren/",
                            {"file": SimpleUploadedFile("groot.csv", (HEADER + ROW * 100).encode())}))
    assert "groot.csv is 8 kB; het maximum is 1.000 bytes. Er is niets gelezen of opgeslagen." in page
    assert not Observation.objects.filter(source="Politie", period="2018").exists()


# --------------------------------------------------------------------------------------------------------- API

@pytest.fixture
def analyst_token(demo):
    user = get_user_model().objects.create_user("api-analist")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.ANALIST)
    return create_token(user, "test")


def post(client, token, url, body):
    return client.post(url, data=body if isinstance(body, bytes) else json.dumps(body),
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_an_api_body_over_the_limit_answers_413(client, analyst_token):
    body = json.dumps({"reeks": "politie.geweld", "periode": "2013", "waarde": "70", "status": "definitief",
                       "bron": "Politie", "toelichting": "x" * 3_000_000}).encode()
    response = post(client, analyst_token, "/api/municipalities/GM0553/observations", body)
    assert response.status_code == 413
    assert response.json() == {"detail": "het verzoek is te groot; het maximum is 2,5 MB"}


def test_an_action_with_too_many_partners_is_refused(client, analyst_token):
    action = {"jaar": 2020, "titel": "Voorlichting", "prioriteit": "cybercrime", "trekker": "Team", "kwartaal": 2,
              "partners": [f"partner {i}" for i in range(31)]}
    response = post(client, analyst_token, "/api/municipalities/GM0553/actions", action)
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"veld": "partners", "melding": "te veel: hoogstens 30"}


def test_the_action_form_refuses_too_many_partners(client, demo):
    from ivb.plan.services import PlanError, create_action

    with pytest.raises(PlanError, match=r"^200\.000 partners; het maximum is 30$"):
        create_action(Area.objects.get(code="GM0553"), {"year": 2020, "theme_code": "1.1", "title": "t", "owner": "o",
                                                        "partners": ["p"] * 200_000, "due_quarter": 1},
                      priority_keys=set(), actor_name="test")


def test_the_openapi_description_states_the_maximum_lengths(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert schemas["ObservationIn"]["properties"]["bron"]["maxLength"] == 200
    assert schemas["ActionIn"]["properties"]["partners"]["maxItems"] == 30
    assert schemas["ActionIn"]["properties"]["partners"]["items"]["maxLength"] == 200
    assert schemas["SignalIn"]["properties"]["kvk"]["maxLength"] == 8


# ------------------------------------------------------------------------------------------------ ASCII digits

def test_a_kvk_number_in_full_width_digits_is_refused(demo):
    from ivb.register.services import RegisterError, file_signal

    user = get_user_model().objects.create_user("melder-x")
    import datetime as dt

    with pytest.raises(RegisterError, match="KvK-nummer: een KvK-nummer heeft 8 cijfers"):
        file_signal(Area.objects.get(code="GM0553"), user, team="T", what="w", observed_on=dt.date.today(),
                    kvk="１２３４５６７８")


@pytest.mark.parametrize("raw", ["２０１９", "2019-٠٣", "2019 t/m ９"])
def test_a_period_in_other_digits_is_not_a_period(raw):
    from ivb.domain import periods

    with pytest.raises(periods.PeriodError):
        periods.parse(raw)


def test_a_case_list_is_bounded(demo):
    from ivb.register.services import RegisterError, create_case

    user = get_user_model().objects.create_user("team-x")
    with pytest.raises(RegisterError, match=r"^Partners: 31 gekozen; het maximum is 30$"):
        create_case(Area.objects.get(code="GM0553"), user, subject_kind="pand", subject="Pand",
                    partners=[f"p{i}" for i in range(31)])


# ------------------------------------------------------------------------------------------------- policy YAML

def test_a_deeply_nested_policy_is_a_problem_not_a_server_error():
    from ivb.domain.policy import validate_text

    deep = "title: " + "[" * 30_000 + "]" * 30_000  # 60 kB; today: RecursionError
    problems = [p.render("diep.yaml") for p in validate_text(deep).problems]
    assert problems == ["diep.yaml:1: te diep genest: meer dan 20 niveaus; een beleid heeft er hooguit een stuk of acht"]


def test_a_policy_past_the_size_limit_is_refused_before_parsing():
    from ivb.domain.policy import validate_text

    problems = [p.render("groot.yaml") for p in validate_text("title: x\n" + "# opvulling\n" * 30_000).problems]
    assert problems == ["groot.yaml: het bestand is 352 kB; het maximum is 256 kB; een beleid is zelden groter "
                        "dan 50 kB"]


def test_a_policy_list_past_its_maximum_is_named_with_its_line():
    from ivb.domain.policy import validate_text

    text_ = "title: x\nmunicipalities: [" + ", ".join(["GM0553"] * 201) + "]\n"
    problems = [p.render("lang.yaml") for p in validate_text(text_).problems]
    assert "lang.yaml:2: municipalities: de lijst heeft 201 onderdelen; het maximum is 200" in problems


def test_the_policy_page_refuses_a_deep_file_without_a_server_error(client, demo):
    user = get_user_model().objects.create_user("coord-x")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    client.force_login(user)
    response = client.post("/gemeente/GM0553/beleid/nieuwe-versie/",
                           {"file": SimpleUploadedFile("diep.yaml", ("a: " + "[" * 30_000).encode())})
    assert response.status_code == 200
    assert "te diep genest: meer dan 20 niveaus" in text(response)


def test_the_cli_refuses_a_large_policy_by_its_size(reference, tmp_path, capsys):
    path = tmp_path / "groot.yaml"
    path.write_text("# opvulling\n" * 30_000)
    assert main(["policy", "validate", str(path)]) != 0
    assert "groot.yaml: het bestand is 352 kB; het maximum is 256 kB" in capsys.readouterr().err



def test_the_open_data_import_refuses_cp1252_unless_named(reference, tmp_path, capsys):
    from pathlib import Path

    source = (Path(__file__).parent / "data" / "opendata" / "70072ned_ZK_2012-2025.csv").read_text()
    path = tmp_path / "70072ned_ZK_2012-2025.csv"
    path.write_bytes(source.replace('"1";', '"1–";', 1).encode("cp1252"))
    at = path.read_bytes().index(b"\x96") + 1
    assert main(["opendata", "import", str(path), "--table", "70072ned"]) != 0
    assert (f"70072ned_ZK_2012-2025.csv: regel 2, byte {at}: geen geldige UTF-8; kies de codering Windows-1252 "
            "als het bestand uit Excel komt") in capsys.readouterr().err
    assert main(["opendata", "import", str(path), "--table", "70072ned", "--encoding", "cp1252"]) == 0


def test_a_form_body_over_the_limit_is_a_page_with_the_limit(client, analyst):
    client.force_login(analyst)
    response = client.post("/gemeente/GM0553/cijfers/nieuw/", {"note": "x" * 3_000_000})
    assert response.status_code == 413
    assert "het maximum is 2,5 MB. Er is niets opgeslagen." in text(response)


def test_an_api_body_over_the_limit_is_refused_by_its_length_before_it_is_read(client):
    response = client.post("/api/municipalities/GM0553/observations", data=b"{" + b" " * 3_000_000 + b"}",
                           content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "het verzoek is te groot; het maximum is 2,5 MB"}
