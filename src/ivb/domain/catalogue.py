"""The VNG Kernbeleid Veiligheid: 5 safety fields (veiligheidsvelden) and 22 themes.

Transcribed from the table in section 5 of the Lisse policy 2020-2023 ("Bron: www.vng.nl").
Policies refer to fields by their number ("5") and to themes by their code ("5.2").
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    code: str
    name: str


@dataclass(frozen=True)
class Theme:
    code: str
    name: str

    @property
    def field_code(self) -> str:
        return self.code.split(".")[0]


FIELDS: tuple[Field, ...] = (
    Field("1", "Veilige woon- en leefomgeving"),
    Field("2", "Bedrijvigheid en veiligheid"),
    Field("3", "Jeugd en veiligheid"),
    Field("4", "Fysieke veiligheid"),
    Field("5", "Integriteit en veiligheid"),
)

THEMES: tuple[Theme, ...] = (
    Theme("1.1", "Sociale kwaliteit"),
    Theme("1.2", "Fysieke kwaliteit"),
    Theme("1.3", "Objectieve veiligheid/veel voorkomende en ‘high impact’-criminaliteit"),
    Theme("1.4", "Subjectieve veiligheid"),
    Theme("2.1", "Veilig winkelgebied"),
    Theme("2.2", "Veilige bedrijventerreinen"),
    Theme("2.3", "Veilig uitgaan"),
    Theme("2.4", "Veilige evenementen"),
    Theme("2.5", "Veilig toerisme"),
    Theme("3.1", "Jeugdoverlast"),
    Theme("3.2", "Jeugdcriminaliteit/individuele probleemjongeren"),
    Theme("3.3", "Jeugd, alcohol en drugs"),
    Theme("3.4", "Veilig in en om de school"),
    Theme("4.1", "Verkeersveiligheid"),
    Theme("4.2", "Brandveiligheid"),
    Theme("4.3", "Externe veiligheid"),
    Theme("4.4", "Rampenbestrijding en crisisbeheersing"),
    Theme("5.1", "Polarisatie en radicalisering"),
    Theme("5.2", "Georganiseerde/ondermijnende criminaliteit"),
    Theme("5.3", "Veilige Publieke Taak"),
    Theme("5.4", "Informatieveiligheid"),
    Theme("5.5", "Ambtelijke en bestuurlijke integriteit"),
)

FIELDS_BY_CODE = {f.code: f for f in FIELDS}
THEMES_BY_CODE = {t.code: t for t in THEMES}


def field(code: str) -> Field:
    """The field with this code; KeyError names the code when it is unknown."""
    return FIELDS_BY_CODE[code]


def theme(code: str) -> Theme:
    return THEMES_BY_CODE[code]


def themes_of(field_code: str) -> list[Theme]:
    return [t for t in THEMES if t.field_code == field_code]
