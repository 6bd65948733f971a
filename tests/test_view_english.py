"""IVB's own words in English mode (testers' walks A 17 and C 11): the two-source table, the policy page's labels,
comparison groups and ranks, the context sentence, provenance and the annual plan. Names from data (series,
areas, policy texts) stay as they are; the Dutch pages keep their words."""

import re

from django.contrib.auth import get_user_model

from ivb.domain.i18n import use
from ivb.plan.services import create_action
from ivb.store.models import Area, Series
from tests.conftest import text




def _pages(client, url) -> tuple[str, str]:
    """The page in English, then in Dutch, as the demo's analist of Lisse reads it."""
    client.force_login(get_user_model().objects.get(username="adviseur"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = text(client.get(url))
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    return english, text(client.get(url))


def test_the_two_source_table_names_the_policy_series_and_the_table_in_english(complete, db, client):
    en, nl = _pages(client, "/gemeente/GM0553/bronnen/")
    assert "Series of the policy (" in en and "New version of the policy" not in en
    # The publisher in the reader's language, as the comparison's source line has it (a phone walk of 4 December
    # found both "Politie (via CBS)" and "Police (via Statistics Netherlands)" on one page).
    assert "Police (via Statistics Netherlands), table 47018NED" in en and "tabel 47018NED" not in en
    assert "Politie (via CBS)" not in en
    assert "Reeks van het beleid (" in nl and "Politie (via CBS), tabel 47018NED" in nl


def test_the_figure_links_read_as_two_links(complete, db, client):
    url = f"/gemeente/GM0553/reeksen/{Series.objects.get(key='politie.woninginbraken').pk}/"
    en, nl = _pages(client, url)
    assert re.search(r'>all figures</a><span aria-hidden="true"> ·</span> <a class="figure-link" href="[^"]+">'
                     r"correct this figure</a>", en)
    assert re.search(r'>alle cijfers</a><span aria-hidden="true"> ·</span> <a class="figure-link" href="[^"]+">'
                     r"corrigeren</a>", nl)


def test_the_policy_page_labels_are_english(complete, db, client):
    en, nl = _pages(client, "/gemeente/GM0553/beleid/")
    # The Kernbeleid's Dutch names and the policy's own words are marked Dutch (walk BX, SC 3.1.2).
    for words in ('Theme: 5.2 <span lang="nl">Georganiseerde/ondermijnende criminaliteit</span>',
                  'Themes: 1.1 <span lang="nl">Sociale kwaliteit</span>; 5.1 <span lang="nl">Polarisatie en '
                  'radicalisering</span>',
                  '>Priority: <span lang="nl">Cybercrime</span></a>', "<caption>Effect indicators</caption>",
                  "<caption>Indicator for this objective</caption>", '<span class="unit">number</span>',
                  '<span class="unit">score (1–10)</span>', '<span class="provenance">Figure: Veiligheidsmonitor'):
        assert words in en, words
    for words in ("Thema:", "Prioriteit:", "Cijfer:", "Effectindicatoren", '<span class="unit">aantal</span>'):
        assert words not in en, words
    for words in ("Thema: 5.2 Georganiseerde/ondermijnende criminaliteit", ">Prioriteit: Cybercrime</a>",
                  "<caption>Effectindicatoren</caption>", '<span class="unit">aantal</span>',
                  '<span class="provenance">Cijfer: Veiligheidsmonitor'):
        assert words in nl, words


def test_comparison_groups_ranks_and_the_context_sentence_are_english(complete, db, client):
    en, nl = _pages(client, "/gemeente/GM0553/2021/")
    assert re.search(r"Comparison groups: neighbouring municipalities \(\d+\), Politie-eenheid Den Haag \(\d+\), "
                     r"province of Zuid-Holland \(\d+\), municipalities with 20,000 to 50,000 inhabitants \(\d+\)\.", en)
    assert re.search(r"The number of inhabitants in Lisse rose from [\d,]+ in 2012", en)
    assert "gemeenten met" not in en and "buurgemeenten" not in en and "provincie" not in en
    assert re.search(r"Vergelijkingsgroepen: buurgemeenten \(\d+\), Politie-eenheid Den Haag \(\d+\), "
                     r"provincie Zuid-Holland \(\d+\), gemeenten met 20\.000 tot 50\.000 inwoners \(\d+\)\.", nl)
    assert re.search(r"Het aantal inwoners in Lisse nam toe van [\d.]+ in 2012", nl)


def test_the_crime_index_baseline_and_rank_are_english(complete, db, client):
    en, nl = _pages(client, "/gemeente/GM0553/2021/")
    # Today's 342 municipalities cover the land of 2021 (352 then): the baseline is the country (walk AT).
    assert re.search(r"\(Nederland = 100\)\. Place \d+ of \d+ municipalities;", en), "baseline in English"
    assert "(Nederland = 100)" in nl
    assert "added up from all 342 municipalities in today&#x27;s borders (in 2021 there were 352)" in en
    assert "opgeteld uit alle 342 gemeenten in de grenzen van nu (in 2021 waren het er 352)" in nl


def test_the_series_rank_is_english(complete, db, client):
    url = f"/gemeente/GM0553/reeksen/{Series.objects.get(key='politie.od.3.1.1').pk}/"
    en, nl = _pages(client, url)
    # Whom the place is among, in the reader's language (walk CB: the series page did not say).
    assert re.search(r"Place \d+ of \d+ municipalities with figures \(neighbouring municipalities, [^)]+\); 1 = highest "
                     r"figure per 1,000 inhabitants\.", en)
    assert re.search(r"Plaats \d+ van \d+ gemeenten met cijfers \(buurgemeenten, [^)]+\); 1 = hoogste cijfer per "
                     r"1\.000 inwoners\.", nl)


def test_the_comparison_page_names_its_groups_in_english(complete, db, client):
    en, nl = _pages(client, "/gemeente/GM0553/vergelijking/")
    for words in ("neighbouring municipalities: ", "province of Zuid-Holland: ",
                  "municipalities with 20,000 to 50,000 inhabitants: "):
        assert words in en, words
    for words in ("buurgemeenten: ", "provincie Zuid-Holland: ", "gemeenten met 20.000 tot 50.000 inwoners: "):
        assert words in nl, words


def test_reference_lines_made_from_members_say_how_many_had_figures_in_english(complete, db):
    from ivb.store.picture import _comparisons

    area = Area.objects.get(code="GM0553")
    with use("en"):
        english = {g.name for c in _comparisons(area, 2021).values() for g in c.groups}
    dutch = {g.name for c in _comparisons(area, 2021).values() for g in c.groups}
    assert any(re.fullmatch(r"province of Zuid-Holland \(\d+ of \d+ with figures\)", n) for n in english), english
    assert any(re.fullmatch(r"provincie Zuid-Holland \(\d+ van \d+ met cijfers\)", n) for n in dutch), dutch


def test_the_annual_plan_page_is_english(complete, db, client):
    area = Area.objects.get(code="GM0553")
    create_action(area, {"title": "Voorlichting cybercrime op scholen", "description": "", "priority_key": "cybercrime",
                         "theme_code": "", "owner": "Team veiligheid", "partners": [], "due_quarter": 2, "year": 2020},
                  priority_keys={"cybercrime"}, actor_name="test")
    en, nl = _pages(client, "/gemeente/GM0553/jaarplan/2020/")
    for words in ("› Annual plan 2020</p>", '1 action, of which <strong class="overdue-text">1 overdue</strong>. View by',
                  "<caption class=\"sr-only\">Actions: 3. Cybercrime</caption>", "<td data-label=\"Due\">quarter 2</td>",
                  '<td data-label="Status">planned <span class="status bad">overdue</span></td>'):
        assert words in en, words
    shown = re.sub(r"<[^>]+>", " ", en)
    for words in ("Jaarplan", "acties", "Bekijk", "kwartaal", "gepland"):
        assert words not in shown, words
    for words in ("› Jaarplan 2020</p>", '1 actie, waarvan <strong class="overdue-text">1 over tijd</strong>. Bekijk per',
                  "<caption class=\"sr-only\">Acties: 3. Cybercrime</caption>", "<td data-label=\"Gereed\">2e kwartaal</td>",
                  '<td data-label="Status">gepland <span class="status bad">over tijd</span></td>'):
        assert words in nl, words


def test_the_crime_index_columns_are_english(complete, db, client):
    """A phone walk of 4 December: the comparison's column heads (IVB's own short names) stayed Dutch."""
    en, nl = _pages(client, "/gemeente/GM0553/2021/")
    assert '<abbr title="Theft from motor vehicles">From vehicles</abbr>' in en
    assert '<abbr title="Vandalism and criminal damage">Vandalism</abbr>' in en
    assert '<abbr title="Diefstal uit/vanaf motorvoertuigen">Uit auto</abbr>' in nl


def test_the_rank_reads_alike_in_the_sentences_and_the_comparison(complete, db, client):
    """A phone walk of 4 December: one series page said both "plaats 12 van 28 gebieden" and "Plaats 12 van 28
    gemeenten met cijfers"."""
    pk = Series.objects.get(key="politie.od.1.1.1").pk
    en, nl = _pages(client, f"/gemeente/GM0553/reeksen/{pk}/?jaar=2023")
    assert re.search(r"Per 1\.000 inwoners: [\d,]+ in Lisse; plaats \d+ van \d+ \w[\w .,()-]*; plaats 1 heeft het "
                     r"hoogste cijfer\.", nl), nl[:3000]
    assert "gebieden" not in nl
    assert re.search(r"Per 1,000 inhabitants: [\d.]+ in Lisse; place \d+ of \d+ ", en)


def test_the_municipalitys_own_dutch_words_are_marked_dutch_on_an_english_page(complete, db, client):
    """WCAG 3.1.2 (language of parts), found by the axe walk of 4 December: a priority's title, an indicator's and
    a series' name are the policy's Dutch; a screen reader reading them as English mangles them."""
    en, nl = _pages(client, "/gemeente/GM0553/2021/")
    assert '<span lang="nl">(Woon)overlast en maatschappelijke onrust</span>' in en
    assert re.search(r'<a href="/gemeente/GM0553/reeksen/\d+/\?jaar=2021"><span lang="nl">Woninginbraken</span></a>', en)
    assert 'lang="nl"' not in nl.split("<main")[1]  # the whole Dutch page is Dutch already
    indicator, _ = _pages(client, "/gemeente/GM0553/2021/indicator/meldingen-jeugdoverlast/")
    assert '<h1><span lang="nl">Meldingen jeugdoverlast - aantal</span></h1>' in indicator
