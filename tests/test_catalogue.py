from ivb.domain import catalogue


def test_it_has_the_five_fields_and_22_themes_of_the_kernbeleid():
    assert [f.name for f in catalogue.FIELDS] == [
        "Veilige woon- en leefomgeving", "Bedrijvigheid en veiligheid", "Jeugd en veiligheid",
        "Fysieke veiligheid", "Integriteit en veiligheid"]
    assert len(catalogue.THEMES) == 22
    assert [len(catalogue.themes_of(f.code)) for f in catalogue.FIELDS] == [4, 5, 4, 4, 5]


def test_it_addresses_themes_by_code():
    assert catalogue.theme("1.1").name == "Sociale kwaliteit"
    assert catalogue.theme("5.2").name == "Georganiseerde/ondermijnende criminaliteit"
    assert catalogue.theme("5.5").name == "Ambtelijke en bestuurlijke integriteit"
    assert catalogue.theme("2.5").field_code == "2"
    assert catalogue.field("4").name == "Fysieke veiligheid"
