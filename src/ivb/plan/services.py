"""One function per change to the annual plan. Each checks its input and writes in one transaction."""

from django.db import transaction

from ivb.domain import catalogue
from ivb.domain.numbers import format_number
from ivb.plan.models import TRANSITIONS, Action, ProgressNote, Status


class PlanError(ValueError):
    """A change that is not allowed; the message says why."""


MAX_PARTNERS = 30  # partners of one action (an action's list once took 200,000 entries)
MAX_PARTNER_LENGTH = 200


def _check(data: dict, priority_keys: set[str]) -> None:
    if data.get("priority_key") and data["priority_key"] not in priority_keys:
        raise PlanError(f"onbekende prioriteit '{data['priority_key']}'")
    if data.get("theme_code") and data["theme_code"] not in catalogue.THEMES_BY_CODE:
        raise PlanError(f"onbekende themacode '{data['theme_code']}'")
    if not data.get("priority_key") and not data.get("theme_code"):
        raise PlanError("kies een prioriteit of een thema")
    if data.get("due_quarter") not in (1, 2, 3, 4):
        raise PlanError("het kwartaal moet 1, 2, 3 of 4 zijn")
    partners = data.get("partners") or []
    if len(partners) > MAX_PARTNERS:
        raise PlanError(f"{format_number(len(partners), 'count')} partners; het maximum is {MAX_PARTNERS}")
    if any(len(p) > MAX_PARTNER_LENGTH for p in partners):
        raise PlanError(f"een partner heeft een naam van meer dan {MAX_PARTNER_LENGTH} tekens")


@transaction.atomic
def create_action(municipality, data: dict, *, priority_keys: set[str], actor_name: str) -> Action:
    _check(data, priority_keys)
    return Action.objects.create(municipality=municipality, created_by_name=actor_name,
                                 **{k: data[k] for k in ("year", "priority_key", "theme_code", "title", "description",
                                                         "owner", "partners", "due_quarter") if k in data})


@transaction.atomic
def update_action(action: Action, data: dict, *, priority_keys: set[str]) -> Action:
    _check({**{"priority_key": action.priority_key, "theme_code": action.theme_code,
               "due_quarter": action.due_quarter}, **data}, priority_keys)
    for key in ("priority_key", "theme_code", "title", "description", "owner", "partners", "due_quarter"):
        if key in data:
            setattr(action, key, data[key])
    action.save()
    return action


@transaction.atomic
def change_status(action: Action, new: str, *, note: str, actor_name: str, user=None) -> ProgressNote:
    if new not in TRANSITIONS.get(action.status, ()):
        allowed = ", ".join(sorted(TRANSITIONS.get(action.status, ()))) or "geen"
        raise PlanError(f"van '{action.status}' naar '{new}' kan niet; wel naar: {allowed}")
    if not note.strip():
        raise PlanError("schrijf kort waarom de status verandert")
    old = action.status
    action.status = new
    action.save(update_fields=["status", "updated_at"])
    return ProgressNote.objects.create(action=action, text=note.strip(), status_from=old, status_to=new,
                                       author=user, author_name=actor_name)


@transaction.atomic
def add_note(action: Action, text: str, *, actor_name: str, user=None) -> ProgressNote:
    if not text.strip():
        raise PlanError("een voortgangsnotitie mag niet leeg zijn")
    return ProgressNote.objects.create(action=action, text=text.strip(), author=user, author_name=actor_name)


__all__ = ["PlanError", "Status", "create_action", "update_action", "change_status", "add_note"]
