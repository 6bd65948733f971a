"""Fuzz the API with schemathesis: whatever it sends, the server answers without a server error.

Bounded: a fixed number of examples per operation, so the suite stays fast.
"""

import re

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings

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


# One test per operation, named by it: schemathesis's `schema.parametrize()` gives the tests of one function a
# single node id, and pytest-xdist (which `make test` uses) runs a node id once, so 18 of 19 operations went
# unfuzzed. Each operation gets a test function of its own, still made by schemathesis (all its phases: the
# schema's examples, its boundary cases and random cases, valid and invalid).
OPERATIONS = sorted({(r.ok().method.upper(), r.ok().path) for r in schema.get_all_operations()})


def _fuzz(name: str, method: str, path: str):
    def test(case, token):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 500, (f"{case.method} {case.formatted_path}: {response.status_code} "
                                            f"{response.text[:300]}")
        if response.status_code != 405:  # a method the route does not have: Django's plain "not allowed"
            content_type = response.headers.get("Content-Type") or response.headers.get("content-type")
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            assert content_type.startswith("application/json"), f"{case.formatted_path}: {content_type}"

    fuzzed = schema.include(method=method, path=path).parametrize()(
        settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))(
            _named(test, name, method, path)))
    return pytest.mark.django_db(fuzzed)


def _named(function, name: str, method: str, path: str):
    # Hypothesis keys its saved examples on a test's source and name: without a name and key of its own, a failure
    # saved for one operation would be replayed against the others.
    function.__name__ = function.__qualname__ = name
    function._hypothesis_internal_add_digest = f"{method} {path}".encode()
    return function


for _method, _path in OPERATIONS:
    _name = "test_the_api_never_answers_with_a_server_error_" + re.sub(r"\W+", "_", f"{_method} {_path}").strip("_")
    globals()[_name.lower()] = _fuzz(_name.lower(), _method, _path)


def test_every_operation_of_the_api_is_fuzzed():
    fuzzed = [name for name in globals() if name.startswith("test_the_api_never_answers_with_a_server_error_")]
    assert len(fuzzed) == len(OPERATIONS) >= 19
    # each test reaches its one operation, no more and no fewer
    assert all(len(list(schema.include(method=m, path=p).get_all_operations())) == 1 for m, p in OPERATIONS)
    assert "test_the_api_never_answers_with_a_server_error_post_api_municipalities_code_observations" in fuzzed
