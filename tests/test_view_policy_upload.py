"""A coordinator uploads a new version of the policy, sees the differences, and confirms."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertInHTML

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area, PolicyVersion

LISSE = (Path(__file__).parents[1] / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml").read_text()


@pytest.fixture
def coordinator(demo):
    user = get_user_model().objects.create_user("coord-lisse")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    return user


def send(client, text, name="lisse.yaml"):
    response = client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"file": SimpleUploadedFile(name, text.encode())})
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_coordinator_sees_the_diff_then_confirms(client, coordinator):
    client.force_login(coordinator)
    page = send(client, LISSE.replace("value: 80\n", "value: 75\n"))
    # In sentences, not as keys and paths
    assertInHTML("<li>Prioriteit '(Woon)overlast en maatschappelijke onrust', indicator 'Meldingen (woon) "
                 "overlast - aantal', doel lager dan 80 in 2023 → lager dan 75 in 2023</li>", page)
    assert "priorities[" not in page and "target.value" not in page
    assert PolicyVersion.objects.count() == 1  # nothing stored before confirming
    response = client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"confirm": "1"}, follow=True)
    assert "Versie 2 opgeslagen." in response.content.decode()
    assert PolicyVersion.objects.count() == 2
    assert "lager dan 75 in 2023" in client.get("/gemeente/GM0553/beleid/").content.decode()


def test_a_broken_file_lists_its_problems_and_stores_nothing(client, coordinator):
    client.force_login(coordinator)
    page = send(client, LISSE.replace('field: "5"', 'field: "9"', 1))
    line = LISSE[:LISSE.index('field: "5"')].count("\n") + 1  # the line where the unknown field is
    assert "Het bestand is niet goed" in page
    assertInHTML(f"<li>lisse.yaml:{line}: prioriteit 1 › field: onbekend veiligheidsveld '9' "
                 "(bekend: 1, 2, 3, 4, 5)</li>", page)
    assert "Bevestigen en opslaan" not in page
    assert client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"confirm": "1"}).status_code == 302
    assert PolicyVersion.objects.count() == 1


def test_a_policy_for_another_municipality_is_refused(client, coordinator):
    client.force_login(coordinator)
    page = send(client, LISSE.replace("municipalities: [GM0553]", "municipalities: [GM0534]"))
    assert "dit beleid is niet voor Lisse (GM0553)" in page


def test_a_municipality_that_no_longer_existed_is_named_before_any_right(client, coordinator):
    """Walk BW: a file naming a municipality merged away read "het bestand is in orde, maar u mag het beleid niet
    beheren voor …", sending the advisor to ask for rights on a municipality that no longer exists."""
    client.force_login(coordinator)
    page = send(client, LISSE.replace("municipalities: [GM0553]", "municipalities: [GM0553, GM0017]"))
    assert "lisse.yaml: Haren (GM0017) bestond tot en met 31-12-2018; een beleid voor 2020–2023 hoort bij Groningen " \
           "(GM0014)" in page
    assert "het bestand is in orde" not in page and "Bevestigen en opslaan" not in page
    alone = send(client, LISSE.replace("municipalities: [GM0553]", "municipalities: [GM0017]"))
    assert "Haren (GM0017) bestond tot en met 31-12-2018" in alone and "dit beleid is niet voor" not in alone


@pytest.mark.parametrize("role", [Role.LEZER, Role.ANALIST, Role.BEHEERDER])
def test_only_coordinators_manage_the_policy(client, demo, role):
    user = get_user_model().objects.create_user(f"u-{role}")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=role)
    client.force_login(user)
    assert client.get("/gemeente/GM0553/beleid/nieuwe-versie/").status_code == 403
    assert client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"confirm": "1"}).status_code == 403
    assert client.get("/gemeente/GM0553/beleid/invulbestand.yaml").status_code == 403  # the file to fill in too
    assert client.get("/gemeente/GM0534/beleid/invulbestand.yaml").status_code == 404


def test_a_joint_policy_needs_the_right_in_every_municipality(client, coordinator):
    client.force_login(coordinator)
    page = send(client, LISSE.replace("municipalities: [GM0553]", "municipalities: [GM0553, GM0534]"))
    assert "het bestand is in orde, maar u mag het beleid niet beheren voor Hillegom (GM0534)" in page
    assert "U mag dit beleid niet opslaan" in page and "Het bestand is niet goed" not in page  # walk AJ
    assert "Bevestigen en opslaan" not in page
    assert client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"confirm": "1"}).status_code == 302
    assert not Area.objects.get(code="GM0534").policies.exists()


def test_the_confirm_screen_of_a_joint_policy_says_whom_it_binds_too(client, joint, coordinator):
    # Walk AN: a coordinator changed a joint target on Wijdemeren's page; nothing said it bound its partners.
    for code in ("GM0377", "GM0397", "GM0473"):
        Membership.objects.create(user=coordinator, municipality=Area.objects.get(code=code), role=Role.COORDINATOR)
    client.force_login(coordinator)
    text = (Path(__file__).parent / "data" / "policies" / "joint-zuid-kennemerland.yaml").read_text()
    response = client.post("/gemeente/GM0397/beleid/nieuwe-versie/", {
        "file": SimpleUploadedFile("zk.yaml", text.replace("value: 240}", "value: 230}").encode())})
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "Dit is een gezamenlijk beleid: wat u opslaat, geldt ook voor Bloemendaal en Zandvoort." in page
    assert "Bevestigen en opslaan" in page
    assert "gezamenlijk beleid" not in send(client, LISSE.replace("value: 80\n", "value: 75\n"))


def test_a_policy_cannot_rename_a_shared_series(client, coordinator):
    from ivb.store.models import Series

    client.force_login(coordinator)
    renamed = LISSE + """series:
  - key: politie.misdrijven
    name: Iets anders
    unit: count
    aggregation: sum
    source: Politie
"""
    page = send(client, renamed)  # refused on upload, with the line, as `ivb policy import` refuses it
    assert "bestaande reeks niet wijzigen" in page and "Bevestigen en opslaan" not in page
    response = client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"confirm": "1"}, follow=True)
    assert "Er staat geen bestand klaar" in response.content.decode()
    assert Series.objects.get(key="politie.misdrijven").name == "Misdrijven"
    assert PolicyVersion.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused_with_its_place(client, coordinator, tmp_path, capsys):
    """A policy saved as Windows-1252 ("–" as byte 0x96) is refused with the line and byte, on the page and in
    the command; nothing is stored."""
    from ivb.cli import main

    client.force_login(coordinator)
    content = LISSE.replace("title:", "# Lisse – veiligheid\ntitle:", 1).encode("cp1252")
    line = content[:content.index(b"\x96")].count(b"\n") + 1
    response = client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"file": SimpleUploadedFile("lisse.yaml", content)})
    page = re.sub(r"\s+", " ", response.content.decode())
    assert f"lisse.yaml: regel {line}, byte " in page and "geen geldige UTF-8" in page
    # The form offers no encoding: the advice is to save the file as UTF-8, not to choose cp1252.
    assert ("geen geldige UTF-8; sla het bestand op als UTF-8-tekst (in Kladblok: Opslaan als, codering UTF-8)"
            in page and "cp1252" not in page)
    assert PolicyVersion.objects.count() == 1
    path = tmp_path / "lisse.yaml"
    path.write_bytes(content)
    assert main(["policy", "validate", str(path)]) != 0
    assert f"regel {line}, byte " in capsys.readouterr().err


@pytest.mark.parametrize("content, kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "een PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "een Word- of Excel-bestand (oud formaat)"),
])
def test_a_pdf_or_word_file_is_named_as_such_not_as_an_encoding_problem(client, coordinator, tmp_path, capsys,
                                                                       content, kind):
    """A new user uploads the adopted council document: the page and the command say it is not a YAML text file,
    without advice about an encoding the form does not offer."""
    from ivb.cli import main

    expected = (f"beleid.pdf: dit is geen YAML-tekstbestand maar {kind}; het beleid wordt ingelezen als YAML-tekst "
                "(een .yaml-bestand met de prioriteiten en doelen), niet als het vastgestelde document")
    client.force_login(coordinator)
    response = client.post("/gemeente/GM0553/beleid/nieuwe-versie/", {"file": SimpleUploadedFile("beleid.pdf", content)})
    page = re.sub(r"\s+", " ", response.content.decode())
    assert expected in page and "codering" not in page.split("beleid.pdf:")[1][:300]
    assert PolicyVersion.objects.count() == 1
    path = tmp_path / "beleid.pdf"
    path.write_bytes(content)
    assert main(["policy", "validate", str(path)]) != 0
    assert expected.replace("beleid.pdf", str(path)) in capsys.readouterr().err
    assert main(["policy", "import", str(path)]) != 0
    assert expected.replace("beleid.pdf", str(path)) in capsys.readouterr().err
    assert PolicyVersion.objects.count() == 1


def test_a_word_document_is_named_by_its_contents(client, coordinator):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    client.force_login(coordinator)
    response = client.post("/gemeente/GM0553/beleid/nieuwe-versie/",
                           {"file": SimpleUploadedFile("beleid.docx", buffer.getvalue())})
    assert "beleid.docx: dit is geen YAML-tekstbestand maar een Word-document;" in response.content.decode()


def test_the_upload_page_offers_the_file_to_fill_in_instead_of_a_command(client, coordinator):
    """Walk U: the page said "Zie 'ivb policy schema'", a command a web user cannot run."""
    from ivb.domain.policy import validate_text

    client.force_login(coordinator)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/beleid/nieuwe-versie/").content.decode())
    assert "ivb policy" not in page
    assert ('Begin met het <a href="/gemeente/GM0553/beleid/invulbestand.yaml" download>invulbestand voor Lisse '
            "2024–2027</a>") in page  # the four years after Lisse's policy of 2020-2023
    response = client.get("/gemeente/GM0553/beleid/invulbestand.yaml")
    assert response["Content-Disposition"] == 'attachment; filename="beleid-GM0553-2024-2027.yaml"'
    text = response.content.decode()
    assert "period: {start: 2024, end: 2027}" in text and "GM0553  # Lisse" in text
    assert validate_text(text).problems == []  # it validates as written, as `ivb policy new` promises
    # For a web user: checked by uploading it, with the series an indicator can use listed in it (walk of 4
    # December: the file sent them to 'ivb policy validate' and 'ivb series list').
    assert "ivb policy" not in text and "ivb series" not in text
    assert "Upload het bestand tussendoor op de\n# pagina Beleid (Nieuwe versie uploaden)" in text
    assert "#   politie.od.1.1.1  Diefstal/inbraak woning (politie open data, misdrijven); unit: count" in text
    assert "#   vm.overlast_buurt  " in text and "onderaan staan de reeksen" in text



def test_a_first_policy_says_what_it_holds_instead_of_differences(client, coordinator):
    """Walk of 4 December: a municipality's first policy was shown under "verschillen met de huidige versie",
    with no version to differ from and no word on what would be stored."""
    client.force_login(coordinator)
    text = client.get("/gemeente/GM0553/beleid/invulbestand.yaml").content.decode()  # 2024-2027, not yet stored
    page = send(client, text, "beleid-GM0553-2024-2027.yaml")
    assert "Integraal veiligheidsbeleid 2024-2027 Lisse: nieuw beleid" in page
    assert "verschillen met de huidige versie" not in page
    assert ("Dit is een nieuw beleid voor 2024-2027. Het heeft 1 prioriteit en 0 indicatoren, waarvan 0 met een doel."
            in page)
    # Walk V: an untouched file to fill in was confirmed without a word on its placeholders.
    assert ("Het bestand bevat nog 11 keer &#x27;in te vullen&#x27;: vervang dat door wat het beleidsstuk zegt."
            in page)


def test_it_offers_the_running_policy_as_a_file_to_change_and_upload_again(client, coordinator, lisse_reader):
    # Walk AO: amending the running policy on the web, the page offered only the empty file of the next one.
    client.force_login(coordinator)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/beleid/nieuwe-versie/").content.decode())
    assert ('Het beleid 2020–2023 aanpassen? Download <a href="/gemeente/GM0553/beleid/2020-2023.yaml" download>het '
            "bestand van dat beleid</a>, pas het aan en upload het hier.") in page
    response = client.get("/gemeente/GM0553/beleid/2020-2023.yaml")
    assert response["Content-Disposition"] == 'attachment; filename="beleid-GM0553-2020-2023.yaml"'
    assert "Het bestand is gelijk aan de huidige versie; bevestigen verandert niets." in send(
        client, response.content.decode())
    assert client.get("/gemeente/GM0553/beleid/2024-2027.yaml").status_code == 404
    client.force_login(lisse_reader)  # a reader uploads nothing, and gets no file to upload
    assert client.get("/gemeente/GM0553/beleid/2020-2023.yaml").status_code == 403


def test_a_target_far_from_its_figures_or_its_own_words_is_named_before_confirming(client, coordinator, tmp_path,
                                                                                   capsys):
    """Walk BD: "value: 1800" where the level is 172 read "op koers, kans 99%" and "value: 6" beside "lager dan 60"
    read "niet op koers", both stored with "in orde". They are named now, on the page and by the commands, and
    stored all the same: a policy may aim far."""
    from ivb.cli import main

    typo = LISSE.replace('          value: 132\n          as_written: "< 132"',
                         '          value: 1320\n          as_written: "< 132"')
    assert typo != LISSE
    client.force_login(coordinator)
    page = send(client, typo)
    assert "Het bestand is in orde, maar kijk deze doelen na voordat u bevestigt:" in page
    assert ("<li>Meldingen jeugdoverlast - aantal: het doel rekent met 1.320, maar zoals het in het beleid staat "
            "(&#x27;&lt; 132&#x27;) komt dat getal er niet in voor; klopt het getal?</li>") in page
    assert ("<li>Meldingen jeugdoverlast - aantal: het doel (1.320) is meer dan vijf keer het nieuwste jaarcijfer van "
            "Lisse (132 in 2018); klopt het getal?</li>") in page
    assert "kijk deze doelen na" not in send(client, LISSE)  # the policy as adopted: nothing to doubt
    path = tmp_path / "lisse.yaml"
    path.write_text(typo, encoding="utf-8")
    capsys.readouterr()
    assert main(["policy", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: let op: Meldingen jeugdoverlast - aantal: het doel (1.320) is meer dan vijf keer" in out
    assert main(["policy", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "opgeslagen als versie 2" in out and "let op: Meldingen jeugdoverlast - aantal: het doel rekent met 1.320" in out
