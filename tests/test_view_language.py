"""Dutch by default, also for an English browser; English when the user switches."""

import re


def test_dutch_is_the_default_even_for_an_english_browser(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/2019/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response["Content-Language"] == "nl" and '<html lang="nl">' in page
    assert "Veiligheidsbeeld Lisse 2019" in page and "Algemene doelstellingen" in page


def test_the_switch_turns_the_interface_english(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/gemeente/GM0553/2019/"}, follow=True)
    page = re.sub(r"\s+", " ", response.content.decode())
    assert response.redirect_chain[-1][0] == "/gemeente/GM0553/2019/"
    assert '<html lang="en">' in page and response["Content-Language"] == "en"
    for text in ("Safety picture Lisse 2019", "General objectives", "Priorities", "Latest value", "Log out",
                 "Annual plan", ">Nederlands</button>"):
        assert text in page, text
    login = client.get("/inloggen/").content.decode()
    assert "User name" in login and "Password" in login
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Algemene doelstellingen" in client.get("/gemeente/GM0553/2019/").content.decode()


def test_an_unknown_language_falls_back_to_dutch(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    client.cookies["django_language"] = "fr"
    assert client.get("/gemeente/GM0553/2019/")["Content-Language"] == "nl"


def test_generated_texts_follow_the_language(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/").content.decode())
    assert "From January to September 2019 there were 81." in page
    assert "the number falls: on average 13.0% fewer a year (probably between 4.7% and 20.6%)." in page
    assert '<span class="status warn">at risk</span>' in page
    assert re.search(r"expected in 2023: 11\d \(80% interval \d+–1\d\d\); chance of meeting the target \(lower than 132\): 6\d%", page)
    assert "Note: of 2019 only January to September are known; it is not a whole year." in page
    assert "The expectation starts where the trend line lies now (about 117 in 2019;" in page and "does not extend the fall further:" in page and "8 times out of 10" in page
    dashboard = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/").content.decode())
    assert "↓</span> falling" in dashboard and "place 213" in dashboard
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    page = client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/").content.decode()
    assert "Van januari tot en met september 2019 waren het er 81." in page
