"""`ivb fetch` against a local HTTP server on 127.0.0.1 that answers in CBS's OData v3 format: paging,
retrying, the raw pages kept with their date, and a clear message when the service says no."""

import http.server
import json
import threading
from pathlib import Path

import pytest

from ivb.cli import main
from ivb.store.models import Observation

DATA = Path(__file__).parent / "data" / "opendata"


class Service(http.server.BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}
    failures: list[int] = []  # status codes to answer before the real page
    seen: list[str] = []

    def do_GET(self):
        self.seen.append(self.path)
        if self.failures:
            self.send_error(self.failures.pop(0))
            return
        body = self.pages.get(self.path.split("?")[0] + ("?skip" if "skip=" in self.path else ""))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Service)
    base = f"http://127.0.0.1:{server.server_port}/ODataApi/odata"
    first = json.loads((DATA / "odata3_47018NED_page1.json").read_text())
    first["odata.nextLink"] = f"{base}/47018NED/TypedDataSet?$skip=3"
    periods = {"odata.metadata": f"{base}/47018NED/$metadata#Cbs.OData.WebAPI.Perioden", "value": [
        {"Key": f"{y}JJ00", "Title": f"{y}{'*' if y == 2018 else ''}", "Description": "",
         "Status": "Voorlopig" if y == 2018 else "Definitief"} for y in range(2014, 2019)]}
    Service.pages = {"/ODataApi/odata/47018NED/TypedDataSet": json.dumps(first).encode(),
                     "/ODataApi/odata/47018NED/Perioden": json.dumps(periods).encode(),
                     "/ODataApi/odata/47018NED/TypedDataSet?skip": (DATA / "odata3_47018NED_page2.json").read_bytes()}
    Service.failures, Service.seen = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_it_fetches_every_page_keeps_them_and_imports(reference, service, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("ivb.opendata.fetch.time.sleep", lambda s: None)
    Service.failures = [503]  # the first answer fails: asked again
    assert main(["opendata", "fetch", "47018NED", "--area", "GM0553", "--base", service]) == 0
    assert "startswith(WijkenEnBuurten,'GM0553')" in Service.seen[0].replace("%27", "'").replace("%20", " ")
    assert len(Service.seen) == 4  # a failure, two pages, the periods
    stored = {o.period: float(o.value) for o in Observation.objects.filter(series__key="politie.od.1.1.1")}
    assert stored == {"2014": 46, "2015": 60, "2016": 38, "2017": 38, "2018": 30}
    provisional = set(Observation.objects.filter(status="voorlopig").values_list("period", flat=True))
    assert provisional == {"2018"}  # the metadata says so; the data pages do not
    (folder,) = (tmp_path / "downloads" / "47018NED").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["bron.json", "pagina-0001.json", "pagina-0002.json",
                                                        "perioden.json"]
    assert json.loads((folder / "bron.json").read_text())["opgehaald"][:4].isdigit()
    assert "2 pagina's opgehaald" in capsys.readouterr().out


def test_it_gives_up_with_a_clear_message(reference, service, monkeypatch, capsys):
    monkeypatch.setattr("ivb.opendata.fetch.time.sleep", lambda s: None)
    Service.failures = [503, 503, 503]
    assert main(["opendata", "fetch", "47018NED", "--area", "GM0553", "--base", service]) == 1
    err = capsys.readouterr().err
    assert "kan http://127.0.0.1" in err and "(HTTP 503)" in err and len(Service.seen) == 3
    assert not Observation.objects.exists()


def test_a_missing_table_is_not_asked_again(reference, service, capsys):
    assert main(["opendata", "fetch", "47022NED", "--area", "GM0553", "--base", service]) == 1
    assert "HTTP 404" in capsys.readouterr().err and len(Service.seen) == 1


def test_it_shows_pages_and_bytes_fetched_on_a_terminal(reference, service, terminal, tmp_path):
    assert main(["opendata", "fetch", "47018NED", "--area", "GM0553", "--base", service]) == 0
    (folder,) = (tmp_path / "downloads" / "47018NED").iterdir()
    fetched = sum(p.stat().st_size for p in folder.glob("pagina-*.json"))
    screen = terminal.getvalue()
    assert f"ophalen: {fetched / 1024:.2f}kB [" in screen and "pagina=2]" in screen  # bytes, and the pages
    assert "rijen opslaan: 100%" in screen


def test_it_fetches_without_progress_when_stderr_is_no_terminal(reference, service, capsys):
    assert main(["opendata", "fetch", "47018NED", "--area", "GM0553", "--base", service]) == 0
    assert capsys.readouterr().err == ""
