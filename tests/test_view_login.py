from tests.conftest import PASSWORD


def test_it_shows_the_login_form(client, db):
    response = client.get("/inloggen/")
    assert response.status_code == 200
    assert '<label for="id_username">Gebruikersnaam</label>' in response.content.decode()


def test_it_logs_in_and_goes_to_the_only_municipality(client, lisse_reader):
    response = client.post("/inloggen/", {"username": "lezer-lisse", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/gemeente/GM0553/")
    assert response.status_code == 200


def test_it_refuses_a_wrong_password(client, lisse_reader):
    response = client.post("/inloggen/", {"username": "lezer-lisse", "password": "fout"})
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    for field in ("id_username", "id_password"):  # both fields are marked wrong, and say why
        tag = page.split(f'id="{field}"')[1].split(">")[0]
        assert 'aria-invalid="true"' in tag and 'aria-describedby="login-error"' in tag
    assert 'id="login-error"' in page
    assert 'aria-invalid' not in client.get("/inloggen/").content.decode()  # not before a try
