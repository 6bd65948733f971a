"""Fuzz the API with schemathesis: whatever it sends, the server answers without a server error.

Bounded: a fixed number of examples per operation, so the suite stays fast.
"""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings

from ivb.accounts.models import Membership, Role
from ivb.accounts.tokens import create_token
from ivb.store.models import Area
from ivb.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The real WSGI handler closes the database connection after each request, which would end the test's
    transaction on PostgreSQL. Django's own test client switches this off the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(demo):
    user = get_user_model().objects.create_user("fuzzer")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    return create_token(user, "fuzz")


# One test per operation, named by it. schemathesis's own `schema.parametrize()` gives its 19 tests one node id,
# and pytest-xdist (which `make test` uses) runs a node id once: 18 operations went unfuzzed.
OPERATIONS = sorted({(r.ok().method.upper(), r.ok().path) for r in schema.get_all_operations()})


def test_every_operation_of_the_api_is_fuzzed():
    assert len(OPERATIONS) >= 19 and ("POST", "/api/municipalities/{code}/observations") in OPERATIONS


@pytest.mark.django_db
@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_the_api_never_answers_with_a_server_error(method, path, token):
    @given(case=schema[path][method].as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def answers(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 500, (f"{case.method} {case.formatted_path}: {response.status_code} "
                                            f"{response.text[:300]}")
        if response.status_code != 405:  # a method the route does not have: Django's plain "not allowed"
            content_type = response.headers.get("Content-Type") or response.headers.get("content-type")
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            assert content_type.startswith("application/json"), f"{case.formatted_path}: {content_type}"

    answers()
