"""A policy import takes one path: the upload page and `ivb policy import` check a file with the store's rules
(`store.policies.validate_for_store`) and store it with `import_policy`; they refuse the same file with the
same sentence and its line."""

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ivb.accounts.models import Role
from ivb.cli import main
from ivb.store.models import PolicyVersion, Series
from tests.conftest import _user, text

LISSE = (Path(__file__).parents[1] / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml").read_text()
RENAMED = LISSE + """series:
  - key: politie.misdrijven
    name: Iets anders
    unit: count
    aggregation: sum
    source: Politie
"""


@pytest.fixture
def coordinator(demo):
    return _user("coord-lisse", Role.COORDINATOR, "GM0553")


def test_it_refuses_a_renamed_shared_series_on_the_page_and_in_the_cli_alike(client, coordinator, capsys, tmp_path):
    path = tmp_path / "lisse.yaml"
    path.write_text(RENAMED, encoding="utf-8")
    assert main(["policy", "import", str(path)]) == 1
    cli_problem = next(line for line in capsys.readouterr().err.splitlines() if "bestaande reeks" in line)
    client.force_login(coordinator)
    page = text(client.post("/gemeente/GM0553/beleid/nieuwe-versie/",
                            {"file": SimpleUploadedFile("lisse.yaml", RENAMED.encode())}))
    assert cli_problem.replace(str(path), "lisse.yaml") in html.unescape(page)  # the same sentence, same line
    assert "Bevestigen en opslaan" not in page
    assert Series.objects.get(key="politie.misdrijven").name == "Misdrijven"
    assert PolicyVersion.objects.count() == 1
