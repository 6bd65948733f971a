"""The JSON API under /api/ (django-ninja). Same roles and checks as the pages; errors are JSON with a message.

Authentication: `Authorization: Bearer ivb_…` (a token from `ivb token create`) or the browser session.
A municipality the user holds no role in answers 404, a role without the right answers 403.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from ninja import Field, NinjaAPI, Path, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from ivb.accounts.permissions import APPROVE, EDIT_PLAN, ENTER_FIGURES, FILE_SIGNAL, READ
from ivb.accounts.tokens import user_for
from ivb.domain.periods import FIRST_YEAR, PeriodError, latest_year
from ivb.domain.periods import parse as parse_period
from ivb.domain.numbers import format_size
from ivb.plan import services as plan
from ivb.plan.services import MAX_PARTNER_LENGTH, MAX_PARTNERS
from ivb.register import services as register
from ivb.register.models import REPORTER_STATUS, Measure, Signal
from ivb.store.models import Observation
from ivb.store.observation_import import MAX_NOTE, MAX_REASON
from ivb.store.series_catalogue import catalogue
from ivb.accounts.access import municipalities_of, require

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for(token.strip())  # "Bearer  ivb_…" with a space too many is the same token
        if user is not None:
            request.user = user
        return user


class CookieSessionAuth(SessionAuth):
    """The browser session. Only a request that carries a logged-in session is checked for CSRF (a cookie is
    what a forged request would ride on); without one this says "not me", so no credentials answer 401 as
    documented instead of ninja's 403 "CSRF check Failed"."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


session_auth = CookieSessionAuth()


class DutchAPI(NinjaAPI):
    """The OpenAPI document in the words of the pages: ninja names an operation after its function ("Add
    Observation") and describes it by the developer's docstring (walk AU). Every route also states its 401."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for op in operations.values():
                name = op.get("operationId", "").removeprefix("ivb_api_")
                summary, description = OPERATIONS.get(name, (op.get("summary", ""), ""))
                op["summary"], op["description"] = summary, description
                op.setdefault("responses", {})["401"] = {"description": "niet ingelogd: geen, een onbekend of een "
                                                                        "verlopen token"}
                for code, answer in op["responses"].items():
                    answer["description"] = RESPONSES.get(str(code), answer.get("description", ""))
        return schema


RESPONSES = {"200": "in orde (bij een cijfer dat er al precies zo stond: niets_veranderd)", "201": "opgeslagen",
             "403": "uw rol geeft hier geen toegang toe (of: een token waar alleen een browsersessie mag)",
             "404": "niet gevonden: de gemeente of het record bestaat niet voor u",
             "422": "niet opgeslagen: ongeldige invoer; `detail` zegt waarom, `errors` per veld"}

api = DutchAPI(title="IVB API", version="1", auth=[TokenAuth(), session_auth], urls_namespace="api",
               openapi_url="/openapi.json", docs_url=None, description=(
                   "Het veiligheidsbeeld, het beleid, de cijfers en het jaarplan van de gemeenten waarin de gebruiker "
                   "een rol heeft, met dezelfde regels als de pagina's. Stuur een token mee als `Authorization: "
                   "Bearer ivb_…` (aan te maken op Mijn account of met `ivb token create`). Fouten komen als JSON met "
                   "`detail` en, bij ongeldige invoer, `errors` (veld en melding). Het beleid "
                   "(`/policies/{period}`) is het beleidsbestand zelf, met de Engelse veldnamen van "
                   "docs/policy-format.md. Het register is niet met een token te openen. Uitleg van elk veld: "
                   "docs/api.md."))


@api.exception_handler(Http404)
def not_found(request, exc):
    match = getattr(request, "resolver_match", None)
    code = str(match.kwargs.get("code", "")) if match is not None else ""
    if code and not re.fullmatch(r"GM\d{4}", code):
        # Walk AU: the command line takes "gm0203" and "Barneveld"; the API's addresses take the code as CBS writes it.
        return api.create_response(request, {"detail": f"gemeente '{code}' niet gevonden: gebruik de CBS-code in "
                                                       "hoofdletters, zoals GM0553 (/api/municipalities noemt de uwe)"},
                                   status=404)
    return api.create_response(request, {"detail": "niet gevonden"}, status=404)


def not_found_anywhere(request, exception):
    """Django's 404 handler (`ivb.urls`): an address under /api/ that no route takes is answered in JSON, as every
    other API answer is; the rest of the site gets its page."""
    if request.path.startswith("/api/"):
        hint = " (zonder '/' aan het eind)" if request.path.endswith("/") else ""
        return JsonResponse({"detail": f"onbekend adres in de API: {request.path}; de adressen staan in "
                                       f"/api/openapi.json{hint}"}, status=404)
    return page_not_found(request, exception)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "uw rol geeft hier geen toegang toe"}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    # A valid token where only a browser session is taken (the register) is known but refused: 403, not 401.
    holder = user_for(request.headers.get("Authorization", "").removeprefix("Bearer ").strip())
    if holder is not None and (tried := REGISTER_ROUTE.search(request.path)):
        # A token on the register's signals and cases: refused, and in the trail as a refused look is (walk BY).
        from ivb.register.access import record_refusal

        kind = {"signals": "signaal", "cases": "casus"}[tried["kind"]]
        record_refusal(holder, tried["code"], kind, tried["id"] or "register", token=True,
                       **({"wijzigen": True} if request.method != "GET" else {}))
    return api.create_response(request, {"detail": _why_unauthorised(request)}, status=403 if holder else 401)


REGISTER_ROUTE = re.compile(r"/municipalities/(?P<code>[^/]+)/register/(?P<kind>signals|cases)(?:/(?P<id>\d+)(?=/|$))?")


def _why_unauthorised(request) -> str:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return "niet ingelogd: gebruik een token (Authorization: Bearer …)"
    if user_for(header.removeprefix("Bearer ").strip()) is None:
        return ("niet ingelogd: het token is onbekend, verlopen of ingetrokken (een token vervalt ook als het "
                "wachtwoord van zijn eigenaar verandert)")
    # A valid token on a route that takes none: the register's signals and cases (ADR 0010).
    return "signalen en casussen zijn alleen in een browsersessie te openen, niet met een token"


@api.exception_handler(ValidationError)
def invalid(request, exc):
    try:
        _access_first(request)  # whoever may not act here gets its 404 or 403, not the list of fields
    except Http404 as refused:
        return not_found(request, refused)
    except PermissionDenied as refused:
        return forbidden(request, refused)
    if _a_list(request):  # walk AO: a list of one figure read as five missing fields
        return api.create_response(request, {"detail": "ongeldige invoer: stuur één object per verzoek, geen lijst "
                                                       "(één cijfer, actie of signaal tegelijk)"}, status=422)
    return api.create_response(request, {"detail": "ongeldige invoer", "errors": _plain_errors(exc.errors)}, status=422)


def _a_list(request) -> bool:
    """Whether the body is a JSON list, where every route takes one object."""
    import json

    try:
        return isinstance(json.loads(request.body or b"null"), list)
    except ValueError:
        return False


@api.exception_handler(HttpError)
def http_error(request, exc):
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):  # ninja's own words
        detail = "de inhoud van het verzoek is geen JSON; stuur JSON met Content-Type: application/json"
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    """A body past DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses it before reading it; say so, as 413."""
    limit = format_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return api.create_response(request, {"detail": f"het verzoek is te groot; het maximum is {limit}"}, status=413)


@api.exception_handler(Exception)
def server_error(request, exc):
    log.exception("API error")  # the trace goes to the log, never to the client
    return api.create_response(request, {"detail": "interne fout; de beheerder kan dit terugvinden in het logboek"},
                               status=500)


def _plain_errors(errors) -> list[dict]:
    """Each problem by the field's documented name (`wat`, `partners`, not `body.payload.wat`), in Dutch. A field
    that takes a number or a text (`waarde`) fails once per kind; it gets one message, not pydantic's names of
    the kinds (walk AU: "waarde.constrained-str", "waarde.decimal")."""
    out: list[dict] = []
    for e in errors:
        loc = list(e.get("loc", ()))
        union = bool(loc) and str(loc[-1]) in UNION_BRANCHES
        field = _field_name(loc[:-1] if union else loc)
        message = "moet een getal zijn, zoals 18.4 of \"18,4\"" if union else _dutch(e)
        if {"veld": field, "melding": message} not in out:
            out.append({"veld": field, "melding": message})
    return out


# How pydantic names the kinds of a field that takes either (`Annotated[str, …] | Decimal`) in an error's place.
UNION_BRANCHES = {"constrained-str", "str", "decimal", "int", "float"}


def _field_name(loc) -> str:
    # ninja's location starts with where the value came from and the parameter's name ("body", "payload").
    parts = [str(p) for p in loc]
    if parts[:1] == ["body"]:
        parts = parts[2:]
    elif parts[:1] in (["path"], ["query"]):
        parts = parts[1:]
    return ".".join(parts) or "invoer"


DUTCH_ERRORS = {  # pydantic's error types, in the words of the pages
    "missing": "verplicht; vul dit in",
    "string_type": "moet tekst zijn",
    "nul_character": "bevat een nul-teken (\\u0000); dat kan niet worden opgeslagen",
    "string_too_long": "te lang: hoogstens {max_length} tekens",
    "too_long": "te veel: hoogstens {max_length}",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "moet een datum zijn (JJJJ-MM-DD)",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een object zijn",
    "model_attributes_type": "moet een object zijn",
    "json_invalid": "geen geldige JSON",
    "extra_forbidden": "onbekend veld; de velden staan in /api/openapi.json",
}


def _dutch(error: dict) -> str:
    template = DUTCH_ERRORS.get(error.get("type", ""), "ongeldige waarde")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return "ongeldige waarde"


def _access_first(request) -> None:
    """Run the access check of a route that takes a body, as its view would with a valid body: a municipality
    without a role is 404, a role without the right 403, a record one may not see 404 (raised here)."""
    match = getattr(request, "resolver_match", None)
    if match is None or request.method != "POST" or "code" not in match.kwargs:
        return
    check = BODY_ACCESS.get(match.route.split("municipalities/<code>/", 1)[-1])
    if check is not None:
        pk = match.kwargs.get("pk", "")
        check(request, match.kwargs["code"], int(pk) if str(pk).isdigit() else None)


# ----------------------------------------------------------------------------------------------- schemas
# Every input field has a maximum, so the OpenAPI description states it. Where a service checks it (`checked`),
# the service refuses in the page's words; nothing past the request size limit is read at all.

TEXT = 10_000  # a free text (a note, a description, what was seen)


class In(Schema):
    """A request body. No text in it may hold a NUL character: PostgreSQL cannot store one (the forms refuse it
    too), and a refusal names the field where a server error would have said nothing. A field it does not know
    is refused, not passed over: "gebied": "GM0553" in a figure for Hillegom was stored for Hillegom without a
    word (walk AO)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise PydanticCustomError("nul_character", "contains a NUL character")
        return value


def checked(default=..., *, max_length: int | None = None, year: bool = False, **kwargs):
    """A field whose limit the OpenAPI description states but the service checks: the service's message is the
    page's, so the API refuses a 201-character title with the very words the form shows (not pydantic's)."""
    return Field(default, json_schema_extra=_limits(max_length, year), **kwargs)


def _limits(max_length: int | None = None, year: bool = False) -> dict:
    if year:  # the rule of periods.check_year; the upper bound is next year as of the server's start
        return {"minimum": FIRST_YEAR, "maximum": latest_year(), "description": f"van {FIRST_YEAR} tot en met volgend jaar"}
    return {"maxLength": max_length}


ROLE_VALUES = "lezer, analist, coordinator, beheerder of melder"


class MunicipalityOut(Schema):
    code: str
    naam: str
    rol: str = Field(description=ROLE_VALUES)


class PolicyOut(Schema):
    titel: str
    periode: str
    versie: int


class ObservationOut(Schema):
    id: int
    reeks: str
    gebied: str
    periode: str
    periode_label: str
    waarde: float
    marge: float | None
    status: str
    bron: str
    document: str
    vindplaats: str
    toelichting: str = Field(default="", description="de toelichting bij het cijfer")
    vastgelegd_door: str
    vastgelegd_op: dt.datetime
    huidig: bool
    reden: str = Field(description="waarom dit cijfer het vorige verving (leeg bij een eerste cijfer)")
    vervangen_op: dt.datetime | None = Field(description="wanneer het niet meer huidig werd; leeg als het huidig is")
    vervangen_door: int | None = Field(description="het id van het cijfer dat het verving; leeg als het is "
                                                   "ingetrokken of huidig is")
    ingetrokken: bool = Field(description="ingetrokken zonder opvolger (een verkeerde periode of reeks)")
    intrekking_reden: str = Field(description="waarom het werd ingetrokken; leeg als het niet is ingetrokken")
    waarschuwing: str = Field(default="", description="opgeslagen, maar ver van wat gebruikelijk is voor deze reeks: "
                                              "controleer het (alleen in het antwoord op een nieuw cijfer)")
    niets_veranderd: bool = Field(default=False, description="true (antwoord 200): dit cijfer stond er al precies zo; "
                                                             "er is niets opgeslagen")


class ObservationIn(In):
    reeks: str = Field(max_length=100, description="de sleutel van de reeks, zoals politie.woninginbraken "
                                                   "(`ivb series list`)")
    periode: str = Field(max_length=40, description="2023 (jaar), 2023-K3 (kwartaal), 2023-09 (maand) of "
                                                    "2023-tm09 (januari tot en met september)")
    # A JSON number is the figure it is, read without guessing at separators (walk AO: the number GET gives back
    # was refused as "moet tekst zijn"; a review: 38.123 as text-to-be-guessed became 38123).
    waarde: Annotated[str, Field(max_length=40)] | Decimal = Field(
        description="het getal: een JSON-getal (18.4), of tekst met een decimale komma (18,4) of punt (18.4); in tekst "
                    "duizendtallen alleen gescheiden door een spatie (1 234) of, in een aantal, een punt (38.123)")
    status: str = Field(max_length=20, description="voorlopig of definitief")
    bron: str = Field(max_length=200, description="wie het cijfer geeft, zoals Politie")
    document: str = Field("", max_length=300)
    vindplaats: str = Field("", max_length=300)
    marge: Annotated[str, Field(max_length=40)] | Decimal | None = Field(
        "", description="de marge van een onderzoekscijfer (± in de eenheid van het cijfer); leeg of null: geen")
    toelichting: str = checked("", max_length=MAX_NOTE)
    reden: str = checked("", max_length=MAX_REASON, description="verplicht bij een correctie: een cijfer dat er al "
                                                                "staat voor deze reeks en periode wordt vervangen")


class ActionOut(Schema):
    id: int
    jaar: int
    titel: str
    omschrijving: str
    prioriteit: str
    thema: str
    trekker: str
    partners: list[str]
    kwartaal: int
    status: str
    over_tijd: bool


class ActionIn(In):
    jaar: int = checked(year=True)
    titel: str = checked(max_length=plan.MAX_TITLE)
    omschrijving: str = checked("", max_length=plan.MAX_TEXT)
    prioriteit: str = Field("", max_length=100)
    thema: str = Field("", max_length=5)
    trekker: str = checked(max_length=plan.MAX_OWNER)
    partners: list[Annotated[str, Field(max_length=MAX_PARTNER_LENGTH)]] = Field([], max_length=MAX_PARTNERS)
    kwartaal: int = Field(ge=1, le=4)


class Problem(Schema):
    detail: str


# ------------------------------------------------------------------------------------------------ routes

@api.get("/municipalities", response=list[MunicipalityOut])
def municipalities(request):
    roles = {m.municipality_id: m.role for m in request.user.memberships.all()}
    return [MunicipalityOut(code=a.code, naam=a.name, rol=roles[a.pk]) for a in municipalities_of(request.user)]


@api.get("/municipalities/{code}/policies", response={200: list[PolicyOut], 404: Problem})
def policies(request, code: str):
    area = require(request.user, code, READ).municipality
    return [PolicyOut(titel=p.title, periode=p.period_label, versie=p.current_version().number)
            for p in area.policies.prefetch_related("versions")]


@api.get("/municipalities/{code}/policies/{period}", response={200: dict, 404: Problem})
def policy(request, code: str, period: str):
    from ivb.store.policies import PolicyStoreError, current_document, find_policy

    require(request.user, code, READ)
    try:
        # "2020–2023" as the picture writes it, or "2020-2023"
        return current_document(find_policy(code, period.replace("\u2013", "-"))).to_data()
    except PolicyStoreError:
        raise Http404 from None


# A safety picture is about a year that has begun (`periods.check_picture_year`); as of the server's start.
YearPath = Annotated[int, Path(), WithJsonSchema({"type": "integer", "title": "Year", "minimum": FIRST_YEAR,
                                                  "maximum": latest_year() - 1,
                                                  "description": f"van {FIRST_YEAR} tot en met dit jaar"})]


@api.get("/municipalities/{code}/picture/{year}", response={200: dict, 404: Problem, 422: Problem})
def picture(request, code: str, year: YearPath):
    from ivb.store.picture import year_picture
    from ivb.store.policies import PolicyStoreError

    area = require(request.user, code, READ).municipality
    try:
        return year_picture(area, year).to_dict()  # the dashboard's picture, from the same cache
    except PeriodError as exc:
        raise HttpError(422, str(exc)) from None
    except PolicyStoreError:
        raise Http404 from None


@api.get("/municipalities/{code}/indicators/{year}", response={200: list[dict], 404: Problem, 422: Problem})
def indicators(request, code: str, year: YearPath):
    data = picture(request, code, year)
    return [*data["algemene_doelstellingen"], *[i for p in data["prioriteiten"] for i in p["indicatoren"]]]


OBSERVATION_FILTERS = {"series", "reeks", "history"}


@api.get("/municipalities/{code}/observations", response={200: list[ObservationOut], 404: Problem, 422: Problem})
def observations(request, code: str, series: str | None = None, history: bool = False):
    area = require(request.user, code, READ).municipality
    # The fields are Dutch ("reeks"), so a client tries ?reeks=: taken as series; any other name is refused, not
    # ignored (walk AJ: ?reeks= answered all 189 figures instead of 7).
    if unknown := sorted(set(request.GET) - OBSERVATION_FILTERS):
        return Status(422, Problem(detail=f"onbekende parameter(s): {', '.join(unknown)}; bekend: series (of reeks), "
                                          "history"))
    series = series or request.GET.get("reeks") or None
    rows = (Observation.objects.filter(area=area).select_related("series", "withdrawal", "recorded_by")
            .order_by("series__key", "period_start", "period_end", "recorded_at", "pk"))
    if series and series.startswith("regio:") and series.count(":") == 2:
        # The picture names a region figure "regio:sum:KEY" (walk AN): it is computed, not stored.
        member_key = series.split(":", 2)[2]
        return Status(422, Problem(detail=f"'{series}' is een regiocijfer: IVB berekent het uit de cijfers van de "
                                          f"gemeenten van het beleid en slaat het niet op; vraag die per gemeente op "
                                          f"met ?reeks={member_key}, of lees het regiocijfer in /indicators/{{jaar}}"))
    if series:
        known = catalogue()
        if series not in known:  # a typing error is not "no figures"
            return Status(422, Problem(detail=known.unknown_message(series)))
        rows = rows.filter(series__key=series)
    if not history:
        rows = rows.filter(superseded_at__isnull=True)
    return [_observation(o, code) for o in rows]


def _observation(o: Observation, code: str) -> ObservationOut:
    withdrawal = getattr(o, "withdrawal", None)
    return ObservationOut(id=o.pk, reeks=o.series.key, gebied=code, periode=o.period,
                          periode_label=parse_period(o.period).label, waarde=float(o.value),
                          marge=float(o.margin) if o.margin is not None else None, status=o.status, bron=o.source,
                          document=o.source_document, vindplaats=o.source_reference, toelichting=o.note,
                          vastgelegd_door=o.maker, vastgelegd_op=o.recorded_at,
                          huidig=o.superseded_at is None, reden=o.correction_reason, vervangen_op=o.superseded_at,
                          vervangen_door=o.superseded_by_id, ingetrokken=withdrawal is not None,
                          intrekking_reden=withdrawal.reason if withdrawal is not None else "")


@api.post("/municipalities/{code}/observations", response={200: ObservationOut, 201: ObservationOut, 403: Problem,
                                                           404: Problem,
                                                           422: dict})
def add_observation(request, code: str, payload: ObservationIn):
    from ivb.store.entry import enter_observation

    area = require(request.user, code, ENTER_FIGURES).municipality
    data = {"series": payload.reeks, "period": payload.periode, "value": payload.waarde, "status": payload.status,
            "source": payload.bron, "document": payload.document, "reference": payload.vindplaats,
            "margin": "" if payload.marge is None else payload.marge, "note": payload.toelichting}
    result = enter_observation(area, data, actor_name=request.user.username, user=request.user, reason=payload.reden)
    if result.unchanged is not None:  # sent again (a retry): nothing changes, and the answer says what is stored
        return Status(200, _observation(result.unchanged, code).model_copy(update={"niets_veranderd": True}))
    if result.errors:
        return _entry_error(result.errors, "niet opgeslagen")
    assert result.observation is not None  # stored: there were no errors
    result.observation.series  # noqa: B018 -- loaded for the response
    return Status(201, _observation(result.observation, code).model_copy(update={"waarschuwing": result.unusual}))


# The figure service's field names as the API's body names them.
OBSERVATION_FIELDS = {"series": "reeks", "period": "periode", "value": "waarde", "status": "status",
                      "source": "bron", "document": "document", "reference": "vindplaats", "margin": "marge",
                      "note": "toelichting", "reason": "reden"}


def _entry_error(errors: dict[str, list[str]], what: str):
    """A figure the service refused: every problem in `detail`, and each field's own by the API's name for the
    field, as the register's and the plan's refusals are. Sent as it is: the `Problem` schema would drop the list."""
    sentences = [m for messages in errors.values() for m in messages]
    body = {"detail": f"{what}: " + "; ".join(sentences),
            "errors": [{"veld": OBSERVATION_FIELDS.get(name, name), "melding": m}
                       for name, messages in errors.items() if name != "__all__" for m in messages]}
    return JsonResponse(body, status=422)


class WithdrawIn(In):
    reden: str = checked("", max_length=MAX_REASON)


@api.post("/municipalities/{code}/observations/{pk}/withdraw", response={200: ObservationOut, 403: Problem,
                                                                        404: Problem, 422: dict})
def withdraw_observation(request, code: str, pk: int, payload: WithdrawIn):
    """Withdraw a figure that was wrong altogether, with the reason: the same service and words as the page."""
    from ivb.store.entry import withdraw_observation as withdraw

    area = require(request.user, code, ENTER_FIGURES).municipality
    if not Observation.objects.filter(pk=pk, area=area).exists():
        raise Http404
    result = withdraw(area, pk, payload.reden, actor_name=request.user.username, user=request.user)
    if result.errors:
        return _entry_error(result.errors, "niet ingetrokken")
    assert result.replaced is not None  # withdrawn: there were no errors
    return Status(200, _observation(result.replaced, code))


@api.get("/municipalities/{code}/actions", response={200: list[ActionOut], 404: Problem})
def actions(request, code: str, year: int | None = None):
    area = require(request.user, code, READ).municipality
    return [_action(a) for a in plan.actions_of(area, year)]


def _action(a) -> ActionOut:
    return ActionOut(id=a.pk, jaar=a.year, titel=a.title, omschrijving=a.description, prioriteit=a.priority_key,
                     thema=a.theme_code, trekker=a.owner, partners=a.partners, kwartaal=a.due_quarter,
                     status=a.status, over_tijd=a.is_overdue())


@api.post("/municipalities/{code}/actions", response={201: ActionOut, 403: Problem, 404: Problem, 422: Problem})
def add_action(request, code: str, payload: ActionIn):
    area = require(request.user, code, EDIT_PLAN).municipality
    data = {"year": payload.jaar, "title": payload.titel, "description": payload.omschrijving,
            "priority_key": payload.prioriteit, "theme_code": payload.thema, "owner": payload.trekker,
            "partners": payload.partners, "due_quarter": payload.kwartaal}
    try:
        return Status(201, _action(plan.create_action(area, data, actor_name=request.user.username)))
    except plan.PlanError as exc:
        return _plan_error(exc)


class AdoptedActionOut(Schema):
    id: int
    titel: str
    trekker: str
    kwartaal: int
    status: str
    prioriteit: str
    thema: str


class ChangeOut(Schema):
    id: int
    titel: str
    wijziging: str


class AdoptionIn(In):
    besluitdatum: dt.date | None = Field(None, description="de datum van het collegebesluit; zonder blijft die leeg")
    kenmerk: str = checked("", max_length=plan.MAX_REFERENCE, description="het kenmerk van het besluit")


class AdoptionOut(Schema):
    jaar: int
    besluitdatum: dt.date | None = Field(description="de datum van het collegebesluit; leeg als die niet werd "
                                                     "opgegeven")
    kenmerk: str
    vastgesteld_door: str = Field(description="wie de vaststelling in IVB vastlegde")
    rol: str = Field(description=ROLE_VALUES)
    vastgesteld_op: dt.datetime = Field(description="wanneer de vaststelling in IVB werd vastgelegd")
    acties: list[AdoptedActionOut]
    gewijzigd_sinds: list[ChangeOut]


def _adoption(adoption) -> AdoptionOut:
    role = adoption.adopted_by_role
    return AdoptionOut(
        jaar=adoption.year, besluitdatum=adoption.decided_on, kenmerk=adoption.decision_reference,
        vastgesteld_door=adoption.adopted_by_name,
        rol=role, vastgesteld_op=adoption.adopted_at,
        acties=[AdoptedActionOut(id=a["pk"], titel=a["title"], trekker=a["owner"], kwartaal=a["due_quarter"],
                                 status=a["status"], prioriteit=a["priority_key"], thema=a["theme_code"])
                for a in adoption.actions],
        gewijzigd_sinds=[ChangeOut(id=a.pk, titel=a.title, wijziging=words)
                         for words, a in plan.changed_since_adoption(adoption)])


@api.get("/municipalities/{code}/plans/{year}/adoption", response={200: AdoptionOut, 404: Problem})
def plan_adoption(request, code: str, year: int):
    """The college's adoption of the year's plan, the actions as adopted and what changed since; 404 while the
    plan is not adopted."""
    area = require(request.user, code, READ).municipality
    if problem := plan.year_problem(year, area):  # no plan can exist for that year: say why, not "not yet"
        return Status(404, Problem(detail=problem))
    adoption = plan.adopted_plan(area, year)
    if adoption is None:
        return Status(404, Problem(detail=f"het jaarplan {year} is nog niet vastgesteld"))
    return _adoption(adoption)


@api.post("/municipalities/{code}/plans/{year}/adoption", response={201: AdoptionOut, 403: Problem, 404: Problem,
                                                                   422: Problem})
def adopt_plan(request, code: str, year: int, payload: AdoptionIn | None = None):
    """The college adopts the year's plan as it is now (a coördinator; once per year): the page's service and
    words. The body is optional: without a decision date none is recorded (IVB does not invent one)."""
    area = require(request.user, code, APPROVE).municipality
    payload = payload or AdoptionIn(besluitdatum=None)
    try:
        return Status(201, _adoption(plan.adopt_plan(area, year, user=request.user, decided_on=payload.besluitdatum,
                                                     reference=payload.kenmerk)))
    except plan.PlanError as exc:
        return _plan_error(exc)


# The plan service's field names as the API's body names them.
PLAN_FIELDS = {"year": "jaar", "title": "titel", "description": "omschrijving", "priority_key": "prioriteit",
               "theme_code": "thema", "owner": "trekker", "partners": "partners", "due_quarter": "kwartaal",
               "decided_on": "besluitdatum", "decision_reference": "kenmerk"}


def _plan_error(exc):
    """The plan service's refusal: its sentence, and each field's problem by the API's name for the field, as
    the register's refusals are. Sent as it is: the `Problem` schema would drop the list."""
    body: dict = {"detail": str(exc)}
    if exc.fields:
        body["errors"] = [{"veld": PLAN_FIELDS.get(name, name), "melding": problem}
                          for name, problem in exc.fields.items()]
    return JsonResponse(body, status=422)


# ------------------------------------------------------------------------------------------- the register
# Filing a signal and following one's own signals work with a token, like the rest of the API. Signals and
# cases themselves open only to a browser session of a team member (no token: a long-lived key must never
# open case files), with the same grants and audit as the pages. Lists, search and export stay in the pages,
# where they need the password again.

def _signal(field: str) -> int:
    return register.max_length(Signal, field)


class SignalIn(In):
    wat: str = checked(max_length=register.MAX_TEXT)
    gezien_op: dt.date
    team: str = checked(max_length=_signal("team"))
    adres: str = checked("", max_length=_signal("address"))
    pand: str = checked("", max_length=_signal("premises"))
    bedrijf: str = checked("", max_length=_signal("company"))
    kvk: str = checked("", max_length=_signal("kvk"), description="8 cijfers (0-9), of leeg")


class MySignalOut(Schema):
    id: int
    gemeld_op: dt.datetime
    status: str
    vragen: list[str]


class SignalOut(Schema):
    id: int
    status: str
    wat: str
    gezien_op: dt.date
    team: str
    adres: str
    pand: str
    bedrijf: str
    kvk: str
    casus: int | None


class MeasureOut(Schema):
    id: int
    soort: str
    grondslag: str
    besluitdatum: dt.date
    kenmerk: str
    periode_van: dt.date | None
    periode_tot: dt.date | None
    bibob_gevraagd_op: dt.date | None
    bibob_advies: str
    uitkomst: str


class CaseOut(Schema):
    id: int
    status: str
    soort: str
    onderwerp: str
    fenomenen: list[str]
    partners: list[str]
    eigenaar: str
    termijn: dt.date | None
    signalen: list[int]
    maatregelen: list[MeasureOut]


class CaseStatusIn(In):
    status: str = Field(max_length=20)
    verwacht: str = Field(max_length=20)


class MeasureIn(In):
    soort: str = Field(max_length=30)
    besluitdatum: dt.date
    kenmerk: str = checked(max_length=register.max_length(Measure, "document_reference"))
    grondslag: str = checked("", max_length=register.max_length(Measure, "legal_basis"))
    periode_van: dt.date | None = None
    periode_tot: dt.date | None = None
    bibob_gevraagd_op: dt.date | None = None
    bibob_advies: str = Field("", max_length=40)
    uitkomst: str = checked("", max_length=register.MAX_OUTCOME)


# The register services name a field as the forms do; the API names it as its own schema does.
API_FIELDS = {"what": "wat", "observed_on": "gezien_op", "team": "team", "address": "adres", "premises": "pand",
              "company": "bedrijf", "kvk": "kvk", "kind": "soort", "decision_date": "besluitdatum",
              "document_reference": "kenmerk", "legal_basis": "grondslag", "period_start": "periode_van",
              "period_end": "periode_tot", "requested_on": "bibob_gevraagd_op", "advice": "bibob_advies",
              "outcome": "uitkomst", "reason": "reden"}


def _register_error(exc):
    """A service's refusal: its sentence, and each field's problem by the API's own name for the field, as a
    refused body's are (`invalid`). Sent as it is: the `Problem` schema would drop the list."""
    body: dict = {"detail": str(exc)}
    if exc.fields:
        body["errors"] = [{"veld": API_FIELDS.get(name, name), "melding": problem} for name, problem in exc.fields.items()]
    return JsonResponse(body, status=422)


@api.post("/municipalities/{code}/signals", response={201: MySignalOut, 403: Problem, 404: Problem, 422: Problem})
def add_signal(request, code: str, payload: SignalIn):
    from ivb.register.services import RegisterError, file_signal

    area = require(request.user, code, FILE_SIGNAL).municipality
    try:
        signal = file_signal(area, request.user, what=payload.wat, observed_on=payload.gezien_op, team=payload.team,
                             address=payload.adres, premises=payload.pand, company=payload.bedrijf, kvk=payload.kvk)
    except RegisterError as exc:
        return _register_error(exc)
    # The reporter's word for the status, as `signals/mine` gives it (walk BY: "nieuw" here, "ontvangen" there).
    return Status(201, MySignalOut(id=signal.pk, gemeld_op=signal.created_at,
                                   status=REPORTER_STATUS.get(signal.status, signal.status), vragen=[]))


@api.get("/municipalities/{code}/signals/mine", response={200: list[MySignalOut], 403: Problem, 404: Problem})
def my_signals(request, code: str):
    area = require(request.user, code, FILE_SIGNAL).municipality
    return [MySignalOut(id=s.pk, gemeld_op=s.created_at, status=REPORTER_STATUS.get(s.status, s.status),
                        vragen=[m.text for m in s.messages.all() if m.from_team])
            for s in register.own_signals(area, request.user)]


@api.get("/municipalities/{code}/register/signals/{pk}", auth=session_auth, response={200: SignalOut, 404: Problem})
def register_signal(request, code: str, pk: int):
    s = _team_signal(request, code, pk)
    register.view_signal(s, actor=request.user)
    return SignalOut(id=s.pk, status=s.status, wat=s.what, gezien_op=s.observed_on, team=s.team, adres=s.address,
                     pand=s.premises, bedrijf=s.company, kvk=s.kvk, casus=s.case_id)


class RejectIn(In):
    reden: str = checked("", max_length=register.MAX_REASON, description="verplicht: afwijzen is definitief")


@api.post("/municipalities/{code}/register/signals/{pk}/reject", auth=session_auth,
          response={200: SignalOut, 404: Problem, 422: Problem})
def register_reject_signal(request, code: str, pk: int, payload: RejectIn):
    """Reject a signal, for good, with the reason: the same service, rule and words as the page."""
    s = _team_signal(request, code, pk)
    try:
        s = register.reject_signal(s, actor=request.user, reason=payload.reden)
    except register.RegisterError as exc:
        return _register_error(exc)
    return SignalOut(id=s.pk, status=s.status, wat=s.what, gezien_op=s.observed_on, team=s.team, adres=s.address,
                     pand=s.premises, bedrijf=s.company, kvk=s.kvk, casus=s.case_id)


def _case(c) -> CaseOut:
    return CaseOut(id=c.pk, status=c.status, soort=c.subject_kind, onderwerp=c.subject, fenomenen=c.phenomena,
                   partners=c.partners, eigenaar=c.owner.username, termijn=c.deadline,
                   signalen=[s.pk for s in c.signals.all()],
                   maatregelen=[_measure(m) for m in c.measures.all()])


def _measure(m) -> MeasureOut:
    return MeasureOut(id=m.pk, soort=m.kind, grondslag=m.legal_basis, besluitdatum=m.decision_date,
                      kenmerk=m.document_reference, periode_van=m.period_start, periode_tot=m.period_end,
                      bibob_gevraagd_op=m.requested_on, bibob_advies=m.advice, uitkomst=m.outcome)


def _team_case(request, code: str, pk: int):
    from ivb.register.access import case_or_404, grant_or_404

    return case_or_404(request.user, grant_or_404(request.user, code, "ondermijning", tried=("casus", pk),
                                                  changing=request.method != "GET"), pk,
                       changing=request.method != "GET")


@api.get("/municipalities/{code}/register/cases/{pk}", auth=session_auth, response={200: CaseOut, 404: Problem})
def register_case(request, code: str, pk: int):
    from ivb.register.services import view_case

    return _case(view_case(_team_case(request, code, pk), actor=request.user))


@api.post("/municipalities/{code}/register/cases/{pk}/status", auth=session_auth,
          response={200: CaseOut, 404: Problem, 422: Problem})
def register_case_status(request, code: str, pk: int, payload: CaseStatusIn):
    from ivb.register.services import RegisterError, change_case_status

    try:
        case = change_case_status(_team_case(request, code, pk), payload.status, actor=request.user,
                                  expected=payload.verwacht)
    except RegisterError as exc:
        return _register_error(exc)
    return _case(case)


@api.post("/municipalities/{code}/register/cases/{pk}/measures", auth=session_auth,
          response={201: MeasureOut, 404: Problem, 422: Problem})
def register_measure(request, code: str, pk: int, payload: MeasureIn):
    from ivb.register.services import RegisterError, add_measure

    try:
        m = add_measure(_team_case(request, code, pk), actor=request.user, kind=payload.soort,
                        decision_date=payload.besluitdatum, document_reference=payload.kenmerk,
                        legal_basis=payload.grondslag, period_start=payload.periode_van,
                        period_end=payload.periode_tot, outcome=payload.uitkomst,
                        requested_on=payload.bibob_gevraagd_op, advice=payload.bibob_advies)
    except RegisterError as exc:
        return _register_error(exc)
    return Status(201, _measure(m))


# Each route's summary and description in the OpenAPI document, by its function's name (see DutchAPI).
OPERATIONS = {
    "municipalities": ("Mijn gemeenten", "De gemeenten waarin u een rol hebt, met die rol."),
    "policies": ("Beleidsplannen", "De beleidsplannen van de gemeente, met hun periode en versie."),
    "policy": ("Eén beleidsplan", "Het beleidsbestand zelf (periode als 2020-2023), met de veldnamen van "
                                  "docs/policy-format.md."),
    "picture": ("Veiligheidsbeeld van een jaar", "Per prioriteit de indicatoren met hun cijfers, trend, doel, status "
                                                 "en verwachting, en alle reeksen, de gevolgde en de context; de "
                                                 "velden staan in docs/api.md."),
    "indicators": ("Indicatoren van een jaar", "De indicatoren van het veiligheidsbeeld als één lijst: de algemene "
                                               "doelstellingen en die van elke prioriteit."),
    "observations": ("Cijfers", "De huidige cijfers; ?series= (of ?reeks=) voor één reeks, ?history=true ook de "
                                "vervangen en ingetrokken cijfers."),
    "add_observation": ("Een cijfer invoeren", "Met de regels en meldingen van het formulier Cijfer invoeren. 201: "
                                               "opgeslagen; 200: stond er al precies zo (niets_veranderd); 422: niet "
                                               "opgeslagen, met per veld wat er mis is. Een cijfer vervangen dat er al "
                                               "staat vraagt een reden."),
    "withdraw_observation": ("Een cijfer intrekken", "Een cijfer van een verkeerde periode of reeks uit het beeld "
                                                     "halen, met een reden; het blijft doorgestreept in de "
                                                     "geschiedenis."),
    "actions": ("Acties van het jaarplan", "?year= voor één jaar."),
    "add_action": ("Een actie toevoegen", "Met de regels en meldingen van het formulier van het jaarplan."),
    "plan_adoption": ("Vaststelling van het jaarplan", "De acties zoals het college ze vaststelde en wat sindsdien "
                                                       "veranderde; 404 zolang het plan niet is vastgesteld."),
    "adopt_plan": ("Jaarplan vaststellen", "Het college stelt het jaarplan vast zoals het nu is (coördinator; één "
                                           "keer per jaar)."),
    "add_signal": ("Een signaal melden", "Een signaal van ondermijning; de melder ziet daarna alleen de status."),
    "my_signals": ("Mijn meldingen", "De signalen die u meldde, met hun status."),
    "register_signal": ("Signaal lezen (register)", "Alleen in een browsersessie van team ondermijning; met een token "
                                                    "403."),
    "register_reject_signal": ("Signaal afwijzen (register)", "Voorgoed, met een reden; alleen in een browsersessie."),
    "register_case": ("Casus lezen (register)", "Alleen in een browsersessie van team ondermijning."),
    "register_case_status": ("Status van een casus wijzigen (register)", "Alleen de overgangen van docs/register.md; "
                                                                        "alleen in een browsersessie."),
    "register_measure": ("Maatregel toevoegen (register)", "Alleen in een browsersessie van team ondermijning."),
}


def _team_signal(request, code: str, pk: int):
    from ivb.register.access import grant_or_404, signal_or_404

    return signal_or_404(request.user, grant_or_404(request.user, code, "ondermijning", tried=("signaal", pk),
                                                      changing=request.method != "GET"), pk,
                         changing=request.method != "GET")


def _team_area(request, code: str, pk: int | None):
    """The team's check for a record, or (a malformed number: its own 422) for the municipality only."""
    from ivb.register.access import grant_or_404

    if pk is None:
        return grant_or_404(request.user, code, "ondermijning")
    return (_team_signal if "/signals/" in request.path else _team_case)(request, code, pk)


# The access check of each route that takes a body, by its path after /municipalities/<code>/: the same
# permission its view requires, run first when the body is invalid (tests/test_api.py checks each against the
# answer to a valid body).
BODY_ACCESS = {
    "observations": lambda request, code, pk: require(request.user, code, ENTER_FIGURES),
    "observations/<pk>/withdraw": lambda request, code, pk: require(request.user, code, ENTER_FIGURES),
    "actions": lambda request, code, pk: require(request.user, code, EDIT_PLAN),
    "plans/<year>/adoption": lambda request, code, pk: require(request.user, code, APPROVE),
    "signals": lambda request, code, pk: require(request.user, code, FILE_SIGNAL),
    "register/signals/<pk>/reject": _team_area,
    "register/cases/<pk>/status": _team_area,
    "register/cases/<pk>/measures": _team_area,
}
