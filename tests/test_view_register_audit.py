"""The audit page as the privacy officer reads it: a failed password re-entry reads as failed; each event says
in words what it changed, showed or took out; records by the numbers people know (S-4, C-2, user names),
never database ids. Only the display: what is stored and hashed is untouched, so the chain still verifies."""

import datetime as dt
import json
import re

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.accounts.services import audit_change
from ivb.register import audit
from ivb.register.models import AuditEvent, RegisterAccess
from ivb.register.services import (RegisterError, add_attachment, add_case_note, add_measure, change_case_status, create_case,
                                   export_cases, file_signal, link_signal, reject_signal, search, update_case)
from ivb.store.models import Area
from tests.conftest import text

TRAIL = "/gemeente/GM0553/register/audit/"
PDF = b"%PDF-1.4 test"


@pytest.fixture
def world(reference):
    lisse = Area.objects.get(code="GM0553")
    users = get_user_model().objects
    team = users.create_user("team", password="goed-wachtwoord-1")
    privacy = users.create_user("privacy")
    for user, kind in ((team, "ondermijning"), (privacy, "privacy")):
        Membership.objects.create(user=user, municipality=lisse, role=Role.LEZER)
        RegisterAccess.objects.create(user=user, municipality=lisse, kind=kind)
    return lisse, team, privacy


def rows(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1], re.S)]


def test_a_wrong_password_reads_as_failed(client, world):
    _, team, privacy = world
    client.force_login(team)
    for password in ("fout", "goed-wachtwoord-1"):
        client.post("/gemeente/GM0553/register/bevestigen/", {"password": password})
    client.force_login(privacy)
    shown = [r for r in rows(text(client.get(TRAIL))) if "sessie" in r]
    assert len(shown) == 2
    assert "wachtwoord fout bij bevestigen" in shown[1]  # the older one, the wrong password
    assert "wachtwoord opnieuw bevestigd" in shown[0] and "fout" not in shown[0]


def test_events_name_records_and_people_and_say_what_happened(client, world):
    lisse, team, privacy = world
    team2 = get_user_model().objects.create_user("zb-team2")
    Membership.objects.create(user=team2, municipality=lisse, role=Role.LEZER)
    RegisterAccess.objects.create(user=team2, municipality=lisse, kind="ondermijning")
    audit_change(team, "register_grant", team2, lisse, access="ondermijning")
    signal = file_signal(lisse, team, team="T", what="Kas met stroom", observed_on=dt.date.today(), attachment=("foto.pdf", PDF))
    other = file_signal(lisse, team, team="T", what="Lege winkel", observed_on=dt.date.today())
    case = create_case(lisse, team, subject_kind="pand", subject="Kas")
    link_signal(signal, case, actor=team)
    reject_signal(other, actor=team, reason="Geen aanwijzing voor ondermijning")
    change_case_status(case, "in onderzoek", actor=team)
    add_measure(case, actor=team, kind="sluiting", decision_date=dt.date.today(), document_reference="BW-1",
                legal_basis="Opiumwet art. 13b")
    add_case_note(case, actor=team, text="Politie belt terug")
    add_attachment(case, actor=team, name="besluit.pdf", data=PDF)
    update_case(case, actor=team, subject="Kas achter", phenomena=[], partners=[], deadline=None, owner=team,
                restricted_to=[team])
    search(team, lisse, "Kas")
    export_cases(team, lisse)

    client.force_login(privacy)
    page = text(client.get(TRAIL))
    shown = "\n".join(rows(page))
    s, o, c = f"S-{signal.pk}", f"S-{other.pk}", f"C-{case.pk}"
    assert f"status gewijzigd {o} naar afgewezen; reden: Geen aanwijzing voor ondermijning" in shown
    assert f"status gewijzigd {s} naar gekoppeld (C-{case.pk})" in shown
    assert f"status gewijzigd {c} van open naar in onderzoek" in shown
    assert f"gewijzigd {c} velden: Alleen zichtbaar voor, Onderwerp" in shown
    assert f"gezocht register getoond: {s}, {c}" in shown
    assert f"geëxporteerd register geëxporteerd: {c}" in shown
    assert f"aangemaakt maatregel bij {c} sluiting" in shown
    assert f"aangemaakt notitie bij {c}" in shown
    assert f"aangemaakt foto.pdf bij {s}" in shown and f"aangemaakt besluit.pdf bij {c}" in shown
    assert "registertoegang gegeven zb-team2 team gaf zb-team2 registertoegang" in shown
    # No database ids: every record by its number or name.
    assert not re.search(r"\b(gebruiker|signaal|casus|bijlage|maatregel|notitie) \d", shown), shown
    ok = audit.verify()  # the display changed, not what was stored: the chain still holds
    assert ok.ok, ok.message


# ------------------------------------------------------------------------------- rejecting, with the reason

@pytest.fixture
def open_signal(world):
    lisse, team, _privacy = world
    return file_signal(lisse, team, team="T", what="Lege winkel", observed_on=dt.date.today())


def page(client, signal, **post):
    url = f"/gemeente/GM0553/register/signalen/{signal.pk}/"
    return client.post(url, post, follow=True) if post else client.get(url, {"afwijzen": 1})


def test_rejecting_asks_first_and_needs_a_reason(client, world, open_signal):
    _, team, _privacy = world
    client.force_login(team)
    shown = text(client.get(f"/gemeente/GM0553/register/signalen/{open_signal.pk}/"))
    assert 'name="afwijzen"' in shown and "Definitief afwijzen" not in shown  # one click only asks
    confirm = text(page(client, open_signal))
    assert f"Signaal S-{open_signal.pk} afwijzen?" in confirm and "Definitief afwijzen" in confirm
    assert "Reden van de afwijzing" in confirm
    for reason in ("", "   "):
        refused = text(page(client, open_signal, act="reject", reason=reason))
        assert '<span class="error" id="id_reason_error">Geef de reden; afwijzen is definitief' in refused
        assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*id="id_reason"', refused)
    open_signal.refresh_from_db()
    assert open_signal.status == "nieuw" and not AuditEvent.objects.filter(action="transition").exists()

    done = text(page(client, open_signal, act="reject", reason="Geen aanwijzing voor ondermijning"))
    assert f"Signaal S-{open_signal.pk} is afgewezen." in done
    open_signal.refresh_from_db()
    assert open_signal.status == "afgewezen"
    event = AuditEvent.objects.get(action="transition")
    # The reason is register content: kept on the signal (purged with it), never in the trail.
    assert event.detail == {"to": "afgewezen", "met_reden": True}
    assert open_signal.rejection_reason == "Geen aanwijzing voor ondermijning"
    assert audit.verify().ok
    # Once the signal is purged, the trail keeps that a reason was given, not the reason.
    from ivb.register.audit_display import explanation
    assert explanation(event, {}) == "naar afgewezen; de reden stond bij het signaal, dat inmiddels is verwijderd"


def test_the_api_needs_the_reason_too_in_the_same_words(client, world, open_signal):
    _, team, _privacy = world
    client.force_login(team)
    url = f"/api/municipalities/GM0553/register/signals/{open_signal.pk}/reject"
    for body in ({}, {"reden": " "}):
        response = client.post(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 422 and response.json() == {
            "detail": "Reden: geef de reden; afwijzen is definitief",
            "errors": [{"veld": "reden", "melding": "geef de reden; afwijzen is definitief"}]}
    open_signal.refresh_from_db()
    assert open_signal.status == "nieuw" and not AuditEvent.objects.filter(action="transition").exists()
    response = client.post(url, data=json.dumps({"reden": "Dubbele melding"}), content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "afgewezen"
    assert AuditEvent.objects.get(action="transition").detail == {"to": "afgewezen", "met_reden": True}


def test_the_service_refuses_a_rejection_without_reason(world, open_signal):
    _, team, _privacy = world
    with pytest.raises(RegisterError, match="Reden: geef de reden"):
        reject_signal(open_signal, actor=team, reason="")
    open_signal.refresh_from_db()
    assert open_signal.status == "nieuw"


def test_case_acts_say_they_are_done(client, world):
    lisse, team, _privacy = world
    case = create_case(lisse, team, subject_kind="pand", subject="Kas")
    client.force_login(team)
    url = f"/gemeente/GM0553/register/casussen/{case.pk}/"
    said = text(client.post(url, {"act": "status", "status": "in onderzoek", "expected": "open"}, follow=True))
    assert f"De status van casus C-{case.pk} is nu ‘in onderzoek’." in said
    said = text(client.post(url, {"act": "note", "text": "Politie belt terug"}, follow=True))
    assert "De notitie is opgeslagen." in said
    said = text(client.post(url, {"act": "measure", "kind": "sluiting", "decision_date": dt.date.today().isoformat(),
                                  "document_reference": "BW-1", "legal_basis": "Opiumwet art. 13b"}, follow=True))
    assert "De maatregel is opgeslagen." in said


def test_the_whole_trail_is_reachable_page_by_page_and_one_record_or_person_can_be_picked(client, world):
    lisse, team, privacy = world
    signal = file_signal(lisse, team, team="T", what="Kas met stroom", observed_on=dt.date.today(), attachment=("foto.pdf", PDF))
    for _ in range(250):  # a busy afternoon of views
        audit.record(actor=team, action="view", object_kind="casus", object_id="99", municipality="GM0553")
    total = AuditEvent.objects.filter(municipality="GM0553").count()
    client.force_login(privacy)
    first = text(client.get(TRAIL))
    assert len(rows(first)) == 200 and f"Gebeurtenissen 1 tot en met 200 van {total}, nieuwste eerst." in first
    assert "pagina 1 van 2" in first and 'href="?pagina=2">Oudere</a>' in first
    last = text(client.get(TRAIL + "?pagina=2"))
    assert len(rows(last)) == total - 200 + 1  # the view of page 1 is on the trail too, newest first
    assert rows(last)[-1].endswith(f"team aangemaakt S-{signal.pk}"), "the oldest event is reachable"
    from ivb.register.services import inbox, open_attachment

    open_attachment(signal.attachments.get(), actor=team, municipality="GM0553")  # who saw its attachment
    inbox(team, lisse)  # and the list it was on
    about = text(client.post(TRAIL, {"over": f"s{signal.pk}"}))
    picked = rows(about)
    assert len(picked) == 4 and all(f"S-{signal.pk}" in row for row in picked), picked  # nothing about C-99
    assert sum("foto.pdf" in row for row in picked) == 2  # added, and opened
    person_page = text(client.post(TRAIL, {"over": "privacy"}))
    person = rows(person_page)
    assert person and all(" privacy " in f" {row} " for row in person)
    # Filtered pages page on by posting the filter again, not by putting it in a link.
    many = text(client.post(TRAIL, {"over": "team"}))
    assert "pagina 1 van 2" in many and 'name="over" value="team"' in many and "over=team" not in many
    assert 'name="pagina" value="2"' in many and ">Oudere</button>" in many
    assert len(rows(text(client.post(TRAIL, {"over": "team", "pagina": "2"})))) > 0
    kept = list(AuditEvent.objects.filter(object_kind="audittrail").values_list("detail__filter", flat=True))
    assert f"S-{signal.pk}" in kept and "privacy" in kept  # recorded as a record number and a user name
    client.post(TRAIL, {"over": "Jan Jansen, Dorpsstraat 1"})
    assert "Jansen" not in str(AuditEvent.objects.values_list("detail", flat=True))  # typed text is not kept
    assert "alleen over S-" in text(client.get(TRAIL))  # the filtered reads say what they were about


def test_it_shows_the_refusals_of_the_last_month_at_a_glance_and_only_them_when_asked(client, world):
    lisse, team, privacy = world
    outsider = get_user_model().objects.create_user("nieuwsgierig")
    Membership.objects.create(user=outsider, municipality=lisse, role=Role.COORDINATOR)
    client.force_login(outsider)
    assert client.get("/gemeente/GM0553/register/").status_code == 404
    client.force_login(team)
    client.post("/gemeente/GM0553/register/bevestigen/", {"password": "fout"})
    client.post("/gemeente/GM0553/register/bevestigen/", {"password": "goed-wachtwoord-1"})
    signal = file_signal(lisse, team, team="T", what="Kas met stroom", observed_on=dt.date.today())
    old = AuditEvent.objects.create(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC), actor=outsider,
                                    actor_name="nieuwsgierig", municipality="GM0553", action="refused",
                                    object_kind="register", detail={"toegang": "ondermijning"},
                                    prev_hash="", hash="x" * 64)  # long ago: on the page, not in the count

    client.force_login(privacy)
    page = text(client.get(TRAIL))
    assert "2 keer geweigerde toegang of een fout wachtwoord in de laatste 30 dagen" in page
    assert 'href="?alleen=geweigerd"' in page

    refused = text(client.get(TRAIL + "?alleen=geweigerd"))
    shown = rows(refused)
    assert len(shown) == 3
    assert sum("nieuwsgierig toegang geweigerd register geen registertoegang als team ondermijning" in r
               for r in shown) == 2
    assert "team wachtwoord fout bij bevestigen" in shown[1]
    assert "Gebeurtenissen 1 tot en met 3 van 3" in refused
    assert '<option value="geweigerd" selected>' in refused

    changes = rows(text(client.get(TRAIL + "?alleen=wijzigingen")))
    assert [r for r in changes if "aangemaakt" in r and f"S-{signal.pk}" in r]
    assert not [r for r in changes if "bekeken" in r or "geweigerd" in r or "wachtwoord" in r]
    reads = rows(text(client.get(TRAIL + "?alleen=inzage")))
    assert reads and all("bekeken" in r or "lijst" in r for r in reads)
    assert not [r for r in reads if "toegang geweigerd" in r or "wachtwoord fout" in r]

    everything = rows(text(client.get(TRAIL + "?alleen=iets-anders")))  # an unknown kind shows it all
    assert len(everything) > len(shown)
    newest = rows(text(client.get(TRAIL)))[0]
    assert "audittrail" in newest and "alleen inzage: bekeken, gezocht, geëxporteerd" not in newest
    assert any("alleen geweigerde toegang en foute wachtwoorden" in r for r in everything)
    old.delete()


def test_the_filter_is_posted_so_what_was_typed_stays_out_of_the_address(client, world):
    """Walk of 4 December: the filter was a GET form, so a name typed into it stood in the address, the browser's
    history and the server's log, while the trail itself keeps only "vrije tekst"."""
    lisse, team, privacy = world
    signal = file_signal(lisse, team, team="T", what="Kas met stroom", observed_on=dt.date.today())
    client.force_login(privacy)
    page = text(client.get(TRAIL))
    assert '<form autocomplete="off" method="post" class="entry search-audit">' in page
    found = text(client.post(TRAIL, {"over": "Jan Jansen", "alleen": ""}))
    assert "Geen gebeurtenissen gevonden." in found and 'value="Jan Jansen"' in found
    shown = text(client.post(TRAIL, {"over": f"S-{signal.pk}", "alleen": "wijzigingen"}))
    assert [r for r in rows(shown) if "aangemaakt" in r and f"S-{signal.pk}" in r]
    views = AuditEvent.objects.filter(action="view", object_kind="audittrail").order_by("pk")
    assert [v.detail.get("filter") for v in views][-2:] == ["vrije tekst", f"S-{signal.pk}"]
    assert views.last().detail["aantal"] == len(rows(shown))
    newest = rows(text(client.get(TRAIL)))[0]
    assert "gebeurtenis getoond (nummer" in newest or "gebeurtenissen getoond (nummers" in newest


def test_it_never_names_another_municipalitys_attachment_probed_from_here(client, world):
    """Walk AI: a Hillegom user probing attachment ids got 404s, and Hillegom's audit page then named each Lisse
    file ("dossier … Geheimstraat 9.pdf bij C-5"), so ids could be walked to list another municipality's files."""
    lisse, team, _privacy = world
    signal = file_signal(lisse, team, team="T", what="Kas", observed_on=dt.date.today(),
                         attachment=("dossier Geheimstraat 9.pdf", PDF))
    attachment = signal.attachments.get()
    hillegom = Area.objects.get(code="GM0534")
    users = get_user_model().objects
    prober, officer = users.create_user("prober-h"), users.create_user("privacy-h")
    for user, kind in ((prober, "ondermijning"), (officer, "privacy")):
        Membership.objects.create(user=user, municipality=hillegom, role=Role.LEZER)
        RegisterAccess.objects.create(user=user, municipality=hillegom, kind=kind)
    client.force_login(prober)
    assert client.get(f"/gemeente/GM0534/register/bijlagen/{attachment.pk}/").status_code == 404
    assert client.get("/gemeente/GM0534/register/bijlagen/99999/").status_code == 404
    client.force_login(officer)
    page = text(client.get("/gemeente/GM0534/register/audit/"))
    refused = [r for r in rows(page) if "toegang geweigerd" in r]
    assert len(refused) == 2, refused
    assert "Geheimstraat" not in page and f"S-{signal.pk}" not in page
    # The existing id and the missing one read alike: nothing tells them apart.
    assert f"bijlage nummer {attachment.pk}" in refused[1] and "bijlage nummer 99999" in refused[0]
    assert "verwijderd" not in " ".join(refused)


def test_it_takes_a_filter_only_when_posted(client, world):
    """Walk AI: ?over=Jan%20Pietersen in the address was honoured, so the name stood in the server's log."""
    lisse, team, privacy = world
    file_signal(lisse, team, team="T", what="Kas", observed_on=dt.date.today())
    client.force_login(privacy)
    page = text(client.get(TRAIL + "?over=Jan%20Pietersen"))
    assert "Jan Pietersen" not in page and any("aangemaakt" in r for r in rows(page))
    posted = text(client.post(TRAIL, {"over": "Jan Pietersen"}))
    assert 'value="Jan Pietersen"' in posted and not any("aangemaakt" in r for r in rows(posted))


def test_it_tells_the_privacy_officer_what_is_past_its_term_and_not_yet_removed(client, world):
    """Walk AI: the purge happens only when the administrator runs it; nothing told the privacy officer."""
    from ivb.register.models import Signal

    lisse, team, privacy = world
    client.force_login(privacy)
    assert "over de bewaartermijn" not in text(client.get(TRAIL))
    signal = file_signal(lisse, team, team="T", what="Kas", observed_on=dt.date.today())
    reject_signal(signal, actor=team, reason="geen aanwijzing")
    assert "over de bewaartermijn" not in text(client.get(TRAIL))  # rejected today: kept a year
    Signal.objects.filter(pk=signal.pk).update(closed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    page = text(client.get(TRAIL))
    assert "1 signaal of casus is over de bewaartermijn en nog niet verwijderd" in page
    assert "doet de applicatiebeheerder" in page
    # Another municipality's privacy officer is not told of Lisse's.
    hillegom, other = Area.objects.get(code="GM0534"), get_user_model().objects.create_user("privacy-h")
    Membership.objects.create(user=other, municipality=hillegom, role=Role.LEZER)
    RegisterAccess.objects.create(user=other, municipality=hillegom, kind="privacy")
    client.force_login(other)
    assert "over de bewaartermijn" not in text(client.get("/gemeente/GM0534/register/audit/"))


def test_an_erasure_names_its_decision_in_the_trail(client, world, capsys):
    """Walk BY: the trail said "verwijderd: S-6", and nothing led from there to the decision on the request."""
    from ivb.cli import main

    lisse, team, privacy = world
    signal = file_signal(lisse, team, team="T", what="Kas met stroom", observed_on=dt.date.today())
    assert main(["register", "erase", f"S-{signal.pk}", "--besluit", "AVG-2026-0012"]) == 0
    client.force_login(privacy)
    shown = rows(text(client.get(TRAIL)))
    assert [r for r in shown if f"verwijderd: S-{signal.pk}, besluit AVG-2026-0012" in r]
