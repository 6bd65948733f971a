"""Reference data (issue 12, items 1 and 2): every municipality with its history, province and police unit;
finding one by code or name; comparison groups and chosen neighbours; baselines that say what they are."""

import datetime as dt
import gzip
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.cli import main
from ivb.domain.compare import size_class
from ivb.store.areas import find_municipality, municipalities_in, peer_groups, unknown_municipality_message
from ivb.store.models import Area, ChosenNeighbour
from tests.conftest import text

DATA = Path(__file__).parent / "data"
SOURCES = [str(DATA / "refdata" / "nlextract_gemeentelijke-indeling.csv"),
           str(DATA / "refdata" / "rvig_Tabel33_Gemeententabel_gesorteerd_op_code.csv")]


def current():
    return Area.objects.filter(kind=Area.Kind.MUNICIPALITY, valid_until__isnull=True)


def test_it_loads_every_current_municipality_with_province_and_police_unit(reference):
    assert current().count() == 342  # CBS: 342 gemeenten on 1 January 2025
    assert municipalities_in(2025) == 342 and municipalities_in(2023) == 342 and municipalities_in(2022) == 345
    for area in current().select_related("parent"):
        assert area.parent.kind == Area.Kind.POLICE_UNIT, area
        assert [g.kind for g in area.groups.all()] == [Area.Kind.PROVINCE], area
    units = {u.code: current().filter(parent=u).count() for u in Area.objects.filter(kind=Area.Kind.POLICE_UNIT)}
    assert sorted(units) == [f"RE{n:02d}" for n in range(1, 11)]
    assert units["RE05"] == 6 and units["RE06"] == 27  # Amsterdam-Amstelland; Haaglanden 9 + Hollands Midden 18
    heemstede = Area.objects.get(code="GM0397")
    assert (heemstede.name, heemstede.parent.code, heemstede.groups.get().code) == ("Heemstede", "RE04", "PV27")


def test_it_keeps_the_history_of_mergers(reference):
    sassenheim = Area.objects.get(code="GM0604")
    assert sassenheim.valid_until == dt.date(2005, 12, 31) and sassenheim.successor.code == "GM1525"
    assert Area.objects.get(code="GM1525").valid_from == dt.date(2006, 1, 1)
    # Voorne aan Zee (2023) is after RvIG's 2022 table: the successor comes from the rule (one new municipality
    # in the same province that day).
    assert Area.objects.get(code="GM0501").successor.code == "GM1992"
    assert Area.objects.get(code="GM0457").valid_until == dt.date(2022, 3, 23)  # Weesp -> Amsterdam


def test_loading_the_reference_data_again_is_a_handful_of_queries(reference, django_assert_max_num_queries):
    """Not one query per municipality: the 788 rows are compared and written in bulk (no timing here; the machines
    are shared and noisy)."""
    from ivb.store.reference import sync_reference_data

    with django_assert_max_num_queries(10):
        sync_reference_data()


def test_it_regenerates_the_shipped_list_from_the_sources(tmp_path, capsys):
    out = tmp_path / "municipalities.csv"
    assert main(["areas", "refresh", "--from", *SOURCES, "--out", str(out)]) == 0
    shipped = Path(__file__).parent.parent / "src" / "ivb" / "data" / "municipalities.csv"
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    assert "788 gemeenten, waarvan 342 nu bestaand" in capsys.readouterr().out
    assert main(["areas", "refresh", "--from", SOURCES[1], SOURCES[0], "--out", str(out)]) == 1


def test_it_repairs_a_name_the_source_has_in_the_wrong_code_page(reference):
    """CBS's list (NLExtract's copy) has "Oh\u201a en Laak": a DOS file read as Windows-1252. Users read Ohé en Laak."""
    from ivb.data.municipalities import DOS_AS_WINDOWS

    source = Path(SOURCES[0]).read_text(encoding="utf-8")
    assert "Oh\u201a en Laak" in source  # the source stays as copied; the repair is in `refresh`
    assert Area.objects.get(code="GM0953").name == "Ohé en Laak"
    garbled = [a.name for a in Area.objects.filter(kind=Area.Kind.MUNICIPALITY) if set(a.name) & set(DOS_AS_WINDOWS)]
    assert garbled == []


def test_it_names_the_nearest_municipality_for_an_unknown_code_or_name(reference):
    assert unknown_municipality_message("GM0554") == "onbekende gemeente GM0554; bedoelt u GM0553 (Lisse)?"
    assert unknown_municipality_message("Lise") == "onbekende gemeente Lise; bedoelt u GM0553 (Lisse)?"
    assert find_municipality("heemstede").code == "GM0397" and find_municipality("0553").name == "Lisse"


def test_it_tells_the_cli_user_the_nearest_match(reference, capsys):
    assert main(["areas", "show", "Lise"]) == 1
    assert "onbekende gemeente Lise; bedoelt u GM0553 (Lisse)?" in capsys.readouterr().err
    assert main(["areas", "show", "Sassenheim"]) == 0
    out = capsys.readouterr().out
    assert "tot en met 31-12-2005, opgegaan in Teylingen (GM1525)" in out


def test_it_tells_the_policy_importer_the_nearest_match(reference):
    from ivb.domain.policy import validate_text
    from ivb.store.policies import PolicyStoreError, import_policy

    source = (Path(__file__).parent.parent / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml").read_text()
    doc = validate_text(source.replace("GM0553", "GM0554")).policy
    with pytest.raises(PolicyStoreError, match=r"onbekende gemeente GM0554; bedoelt u GM0553 \(Lisse\)\?"):
        import_policy(doc, filename="x.yaml", actor_name="test")


def test_it_accepts_a_policy_for_any_municipality(reference):
    from ivb.domain.policy import validate_text
    from ivb.store.policies import import_policy

    source = (Path(__file__).parent.parent / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml").read_text()
    doc = validate_text(source.replace("GM0553", "GM0397")).policy
    version, created = import_policy(doc, filename="heemstede.yaml", actor_name="test")
    assert created and [a.code for a in version.policy.municipalities.all()] == ["GM0397"]


def test_it_classifies_by_cbs_size_class():
    assert [size_class(n).code for n in (4_999, 5_000, 27_616, 99_999, 250_000)] == [1, 2, 4, 5, 8]


@pytest.fixture
def country(reference):
    assert main(["opendata", "import", str(DATA / "opendata" / "47018NED_GM_2022-2023.csv.gz"), "--table", "47018NED"]) == 0
    assert main(["opendata", "import", str(DATA / "opendata" / "70072ned_GM_2022-2023.csv"), "--table", "70072ned"]) == 0


def test_it_gives_a_non_lisse_municipality_its_peer_groups(country):
    heemstede = Area.objects.get(code="GM0397")
    groups = {g.kind: g for g in peer_groups(heemstede, 2023)}
    assert set(groups) == {"buren", "eenheid", "provincie", "grootteklasse"}
    # The municipalities it shares a border with, from CBS's map of 2025 (data/neighbours.yaml).
    assert [a.name for a in groups["buren"].members] == ["Heemstede", "Bloemendaal", "Haarlem", "Haarlemmermeer"]
    assert groups["eenheid"].label == "Politie-eenheid Noord-Holland" and heemstede in groups["eenheid"].members
    assert groups["provincie"].label == "provincie Noord-Holland"
    # Heemstede: 27,686 inhabitants on 1 January 2023 (CBS 70072ned): 20.000 tot 50.000.
    assert groups["grootteklasse"].label == "gemeenten met 20.000 tot 50.000 inwoners"
    assert groups["grootteklasse"].code == "GK04"  # CBS's class 4; the API named it "GK-gemeenten met …" (walk BP)
    assert all(a.kind == Area.Kind.MUNICIPALITY for a in groups["grootteklasse"].members)


def _user(name, role, code="GM0397"):
    user = get_user_model().objects.create_user(name, password="x")
    Membership.objects.create(user=user, municipality=Area.objects.get(code=code), role=role)
    return user


def test_it_shows_a_comparison_for_heemstede(client, country):
    from ivb.domain.policy import validate_text
    from ivb.store.policies import import_policy

    source = (Path(__file__).parent.parent / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml").read_text()
    doc = validate_text(source.replace("GM0553", "GM0397")).policy
    import_policy(doc, filename="heemstede.yaml", actor_name="test")
    client.force_login(_user("lezer-heemstede", Role.LEZER))
    page = text(client.get("/gemeente/GM0397/2023/"))
    assert "Vergelijking met buren, eenheid en land (2023)" in page
    assert "(Nederland = 100)" in page  # every one of the 342 municipalities of 2023 has figures
    assert "plaats" in page and "Politie-eenheid Noord-Holland" in page
    assert "Vergelijkingsgroepen: buurgemeenten (3), Politie-eenheid Noord-Holland" in page
    empty = text(client.get("/gemeente/GM0397/2019/"))
    assert "Geen vergelijkingscijfers voor Heemstede" in empty


def test_it_labels_a_partial_baseline_for_what_it_is(client, reference, tmp_path):
    # Only Lisse, Hillegom and Teylingen: their real 2023 figures from the test data, nothing of the rest.
    keep = ("GM0553", "GM0534", "GM1525")
    for name, table in (("47018NED_GM_2022-2023.csv.gz", "47018NED"), ("70072ned_GM_2022-2023.csv", "70072ned")):
        raw = (DATA / "opendata" / name).read_bytes()
        lines = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8").splitlines()
        part = tmp_path / name.removesuffix(".gz")
        part.write_text("\n".join([lines[0], *(ln for ln in lines[1:] if any(c in ln for c in keep))]) + "\n",
                        encoding="utf-8")
        assert main(["opendata", "import", str(part), "--table", table]) == 0
    client.force_login(_user("lezer-lisse-3", Role.LEZER, "GM0553"))
    page = text(client.get("/gemeente/GM0553/2023/"))
    assert "(Nederland = 100)" not in page
    assert "(de 3 gemeenten met cijfers = 100)" in page
    assert "van 3 gemeenten met cijfers" in page
    assert "geen landelijk cijfer: 342 gemeenten in 2023, van 3 zijn cijfers in IVB" in page


def test_it_shows_a_provisional_year_with_its_mark(client, country):
    from django.core.cache import cache

    from ivb.store.models import Observation

    Observation.objects.filter(area__code="GM0553", period="2023").update(status=Observation.Status.PROVISIONAL)
    cache.clear()
    client.force_login(_user("lezer-lisse-p", Role.LEZER, "GM0553"))
    page = text(client.get("/gemeente/GM0553/2023/"))
    assert "Vergelijking met buren, eenheid en land (2023*)" in page
    assert "Lisse* <span" in page and "* voorlopig" in page


@pytest.mark.parametrize("role, status", [(Role.BEHEERDER, 302), (Role.ANALIST, 302), (Role.LEZER, 403)])
def test_it_lets_beheerder_and_analist_choose_neighbours_on_the_page(client, reference, role, status):
    user = _user(f"u-{role}", role)
    client.force_login(user)
    assert client.get("/gemeente/GM0397/vergelijking/").status_code == 200
    response = client.post("/gemeente/GM0397/vergelijking/", {"add": "Zandvoort"})
    assert response.status_code == status
    chosen = ChosenNeighbour.objects.filter(municipality__code="GM0397")
    if status == 302:
        row = chosen.get()
        assert (row.neighbour.name, row.added_by, row.added_by_name) == ("Zandvoort", user, user.username)
        page = text(client.get("/gemeente/GM0397/vergelijking/"))
        assert "Zandvoort (GM0473)" in page and user.username in page
        assert client.post("/gemeente/GM0397/vergelijking/", {"remove": "GM0473"}).status_code == 302
        assert chosen.get().removed_by == user
    else:
        assert not chosen.exists()


def test_it_hides_another_municipalitys_neighbours(client, reference):
    client.force_login(_user("beheerder-heemstede", Role.BEHEERDER))
    assert client.get("/gemeente/GM0553/vergelijking/").status_code == 404
    assert client.post("/gemeente/GM0553/vergelijking/", {"add": "GM0397"}).status_code == 404
    assert not ChosenNeighbour.objects.exists()


def test_it_lets_the_cli_choose_neighbours(reference, capsys):
    # Heemstede borders Bloemendaal, Haarlem and Haarlemmermeer; Zandvoort and Velsen are chosen.
    assert main(["areas", "neighbours", "GM0397", "--add", "GM0473", "Velsen"]) == 0
    assert ("buren van Heemstede: Bloemendaal (GM0377), Haarlem (GM0392), Haarlemmermeer (GM0394), Velsen (GM0453), "
            "Zandvoort (GM0473)") in capsys.readouterr().out
    assert main(["areas", "neighbours", "GM0397", "--remove", "GM0453"]) == 0
    assert "Haarlemmermeer (GM0394), Zandvoort (GM0473)\n" in capsys.readouterr().out
    assert main(["areas", "neighbours", "GM0397", "--add", "Velsen", "Zandfoort"]) == 1
    err = capsys.readouterr().err
    assert "onbekende gemeente Zandfoort; bedoelt u GM0473 (Zandvoort)?; er is niets gewijzigd" in err
    assert ChosenNeighbour.objects.filter(removed_at__isnull=True).count() == 1  # Velsen not added either
    row = ChosenNeighbour.objects.get(neighbour__code="GM0453")
    assert row.added_by_name.startswith("ivb-cli") and row.removed_by_name.startswith("ivb-cli")
    groups = {g.kind: g for g in peer_groups(Area.objects.get(code="GM0397"), 2023)}
    assert [a.code for a in groups["buren"].members] == ["GM0397", "GM0377", "GM0392", "GM0394", "GM0473"]
    # A neighbour on the map cannot be chosen again, nor taken away as if it were chosen.
    assert main(["areas", "neighbours", "GM0397", "--add", "Haarlem"]) == 1
    assert "Haarlem" in capsys.readouterr().err
