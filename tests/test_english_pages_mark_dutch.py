"""On a page in English, the policy's own Dutch words are marked lang="nl", so a screen reader reads them in Dutch
(walk BX, WCAG 2.1 SC 3.1.2: the whole policy text was read with English pronunciation); a Dutch page marks
nothing."""

from tests.conftest import text

DUTCH = ('<span lang="nl">Integraal Veiligheidsbeleid', '<span lang="nl">Meldingen jeugdoverlast',
         '<span lang="nl">Jeugd en veiligheid')


def pages(client):
    return {url: text(client.get(url)) for url in ("/gemeente/GM0553/beleid/", "/gemeente/GM0553/2019/",
                                                     "/gemeente/GM0553/rapport/2019/html/?lezen=1")}


def test_the_policys_words_are_marked_dutch_on_english_pages(client, analyst):
    client.force_login(analyst)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    found = pages(client)
    policy, dashboard, report = found.values()
    assert 'lang="en"' in policy and '<span lang="nl">' in policy
    assert any(mark in policy for mark in DUTCH), "the policy's title, priorities or indicators"
    assert '<span lang="nl">Meldingen jeugdoverlast' in dashboard
    assert '<span lang="nl">Meldingen jeugdoverlast' in report


def test_a_dutch_page_marks_nothing(client, analyst):
    client.force_login(analyst)
    for url, page in pages(client).items():
        assert '<span lang="nl">' not in page, url
