"""`ivb areas list`: how a new municipality finds its CBS code."""

from ivb.cli import main


def test_it_finds_a_municipality_by_part_of_its_name(reference, capsys):
    assert main(["areas", "list", "--search", "heemst"]) == 0
    assert capsys.readouterr().out == "GM0397  Heemstede (Noord-Holland; Politie-eenheid Noord-Holland)\n"


def test_it_lists_every_current_municipality_once(reference, capsys):
    assert main(["areas", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 342 and "GM0553  Lisse (Zuid-Holland; Politie-eenheid Den Haag)" in lines
    assert not any("Sassenheim" in line for line in lines)


def test_it_shows_former_municipalities_only_when_asked(reference, capsys):
    assert main(["areas", "list", "--search", "sassenheim", "--all"]) == 0
    assert capsys.readouterr().out == "GM0604  Sassenheim (Zuid-Holland; –; opgeheven 31-12-2005)\n"


def test_it_says_so_when_nothing_matches(reference, capsys):
    assert main(["areas", "list", "--search", "sassenheim"]) == 1
    assert capsys.readouterr().err == "ivb: geen gemeente gevonden met 'sassenheim' (--all: ook opgeheven)\n"


def test_a_former_municipality_is_no_chosen_neighbour(reference, capsys):
    assert main(["areas", "neighbours", "GM0397", "--add", "GM0604"]) == 1
    assert capsys.readouterr().err == ("ivb: Sassenheim (GM0604) bestond tot en met 31-12-2005; kies Teylingen "
                                       "(GM1525); er is niets gewijzigd\n")


def test_the_place_of_crimes_of_unknown_place_is_no_neighbour(reference, capsys):
    from ivb.store.models import Area

    Area.objects.create(code="GM0000", name="Gemeente onbekend", kind=Area.Kind.MUNICIPALITY)  # as an import makes it
    assert main(["areas", "neighbours", "GM0397", "--add", "GM0000"]) == 1
    assert capsys.readouterr().err == ("ivb: GM0000 is geen gemeente: onder die code telt de politie misdrijven zonder "
                                       "bekende plaats; er is niets gewijzigd\n")
    assert main(["areas", "list", "--search", "onbekend"]) == 1
    assert main(["areas", "list", "--search", "onbekend", "--all"]) == 1


def test_a_place_of_unknown_crimes_chosen_before_can_still_be_removed(reference, capsys):
    from ivb.store.areas import neighbours
    from ivb.store.models import Area, ChosenNeighbour

    heemstede = Area.objects.get(code="GM0397")
    nowhere = Area.objects.create(code="GM0000", name="Gemeente onbekend", kind=Area.Kind.MUNICIPALITY)
    ChosenNeighbour.objects.create(municipality=heemstede, neighbour=nowhere, added_by_name="vroeger")
    assert nowhere not in neighbours(heemstede)  # not compared with
    assert main(["areas", "neighbours", "GM0397", "--remove", "GM0000"]) == 0
    assert "verwijderd: Gemeente onbekend (GM0000)" in capsys.readouterr().out
    assert ChosenNeighbour.objects.get().removed_at is not None


def test_it_finds_a_name_typed_without_accents_or_hyphens(reference, capsys):
    assert main(["areas", "list", "--search", "sudwest fryslan"]) == 0
    assert capsys.readouterr().out.startswith("GM1900  Súdwest-Fryslân (Fryslân;")
    assert main(["areas", "show", "Sudwest Fryslan", "--jaar", "2023"]) == 0
    assert capsys.readouterr().out.startswith("Súdwest-Fryslân (GM1900)")
