"""Fictitious register content for Lisse, made through the register's own service functions so that every act
is in the hash-chained audit trail as it would be in use. Each signal and case says in its own text that it is
fictitious (ivb.register.fictitious.LABEL); addresses and companies are made up, and no KvK number is given."""

import datetime as dt

from django.contrib.auth import get_user_model

from ivb.register import services
from ivb.register.fictitious import LABEL, holds_fictitious
from ivb.register.models import BibobAdvice, Case, CaseStatus, Measure


def load_register_content(area) -> str:
    """Once: a second load finds the content there and adds nothing."""
    if holds_fictitious(area):
        return f"register: voorbeeldinhoud voor {area.name} staat er al (niets toegevoegd)"
    users = get_user_model().objects
    melder, team, adviseur = users.get(username="melder"), users.get(username="team"), users.get(username="adviseur")
    today = dt.date.today()
    day = lambda n: today - dt.timedelta(days=n)
    file = lambda who, n, what, **place: services.file_signal(
        area, who, team="Team Handhaving", what=f"{LABEL} {what}", observed_on=day(n), **place)

    file(melder, 3, "bij een nagelsalon is overdag de deur dicht, maar 's avonds rijden er steeds andere auto's voor.",
         address="Voorbeeldstraat 1, Lisse")
    asked = file(melder, 12, "in een loods achter een bollenschuur brandt dag en nacht licht en ruikt het naar hennep.",
                 premises="loods achter Voorbeeldlaan 7")
    services.ask_for_information(asked, actor=team, question=f"{LABEL} Sinds wanneer ziet u dit, en op welke tijden?")
    linked = file(melder, 30, "een horecazaak wisselt voor de derde keer dit jaar van eigenaar; de nieuwe eigenaar "
                  "betaalt de verbouwing contant.", company="Eetcafé Voorbeeld (fictief)")
    rejected = file(adviseur, 20, "een bus staat al weken op dezelfde plek; mogelijk een opslagplaats.",
                    address="Voorbeeldweg 3, Lisse")
    services.reject_signal(rejected, actor=team, reason=f"{LABEL} De bus hoort bij een bouwbedrijf in de straat; geen "
                           "aanwijzing voor ondermijning.")

    bibob = services.create_case(area, team, subject_kind=Case.Subject.COMPANY,
                                 subject=f"{LABEL} Eetcafé Voorbeeld, aanvraag exploitatievergunning",
                                 phenomena=["witwassen", "stromanschap"],
                                 partners=["politie", "RIEC", "Belastingdienst"])
    services.link_signal(linked, bibob, actor=team)
    services.add_case_note(bibob, actor=team, text=f"{LABEL} Bibob-vragenlijst ontvangen; de herkomst van het geld "
                                                   "voor de verbouwing is niet onderbouwd.")
    services.change_case_status(bibob, CaseStatus.INVESTIGATING, actor=team)
    services.add_measure(bibob, actor=team, kind=Measure.Kind.BIBOB, decision_date=day(2), requested_on=day(25),
                         advice=BibobAdvice.LESSER, document_reference=f"DEMO-{today.year}-001",
                         legal_basis="Wet Bibob art. 3", outcome=f"{LABEL} vergunning verleend met voorschriften.")
    services.change_case_status(bibob, CaseStatus.MEASURES, actor=team)

    premises = services.create_case(area, team, subject_kind=Case.Subject.PREMISES,
                                    subject=f"{LABEL} loods achter Voorbeeldlaan 7", phenomena=["hennepteelt"],
                                    partners=["politie", "netbeheerder"])
    services.add_case_note(premises, actor=team, text=f"{LABEL} De netbeheerder meldt een hoog stroomverbruik; "
                                                      "controle met de politie wordt gepland.")
    services.add_measure(premises, actor=team, kind=Measure.Kind.WARNING, decision_date=day(5),
                         document_reference=f"DEMO-{today.year}-002", legal_basis="Opiumwet art. 13b",
                         outcome=f"{LABEL} waarschuwing aan de eigenaar verstuurd.")
    services.change_case_status(premises, CaseStatus.INVESTIGATING, actor=team)
    return f"register: voorbeeldinhoud voor {area.name} gemaakt (4 signalen, 2 casussen; alles fictief)"
