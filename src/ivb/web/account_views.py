"""Accounts in the web interface: the beheerder's members page (roles, register access, password resets, the
recent rights changes) and every user's own page (password, API tokens). Each act is one call to
`ivb.accounts.services`, the same functions the command line uses."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ivb.accounts import services
from ivb.accounts.models import Membership
from ivb.accounts.permissions import MANAGE_USERS, allows
from ivb.accounts.tokens import state
from ivb.register import rights
from ivb.register.models import RegisterAccess
from ivb.accounts.access import require


@login_required
def members(request, code):
    from ivb.web.forms import MemberForm

    membership = require(request.user, code, MANAGE_USERS)
    area = membership.municipality
    form = MemberForm(request.POST if "username" in request.POST else None)  # other acts leave the form alone
    for act in ("revoke", "reset"):
        if act in request.POST and request.POST.get("confirm") != "ja":
            # Neither can be undone as it was (register access goes with the role; the old password and the
            # API tokens stop working): ask first, change nothing yet.
            target = get_object_or_404(Membership.objects.select_related("user"), pk=_id(request.POST[act]),
                                       municipality=area)
            return render(request, "accounts/members.html",
                          {**_members_context(area, membership, form), f"confirm_{act}": target})
    if request.POST.get("register") == "revoke" and request.POST.get("confirm") != "ja":
        # Asked first, as a role's revocation is: giving it back takes a beheerder who never knew the password
        # (walk of 4 December: one tap took it away).
        target = get_object_or_404(Membership.objects.select_related("user"), pk=_id(request.POST.get("member")),
                                   municipality=area)
        kind = request.POST.get("kind", "")
        if kind in rights.REGISTER_KINDS:
            return render(request, "accounts/members.html", {
                **_members_context(area, membership, form), "confirm_register": target, "confirm_kind": kind,
                "confirm_kind_label": rights.REGISTER_KINDS[kind]})
    if request.method == "POST":
        try:
            if _member_act(request, area):
                return redirect("members", code=code)
            if "username" in request.POST and form.is_valid():
                granted, password = services.grant_role(area, form.cleaned_data["username"],
                                                        form.cleaned_data["role"], by_user=request.user)
                text = _("%(user)s is nu %(role)s in %(area)s.") % {
                    "user": granted.user.username, "role": granted.get_role_display(), "area": area.name}
                if password:
                    text += " " + _one_time_text(password)
                messages.success(request, text)
                return redirect("members", code=code)
        except services.AccountError as exc:
            # A refusal changes nothing: shown as an error, at the field it concerns when there is one.
            if exc.field in form.fields:
                form.add_error(exc.field, _sentence(exc))
            else:
                messages.error(request, _sentence(exc))
    return render(request, "accounts/members.html", _members_context(area, membership, form))


def _member_act(request, area) -> bool:
    """The acts on one listed member: revoke the role, reset the password, grant or revoke register access.
    The member is looked up within this municipality only: anyone else's id answers 404."""
    post = request.POST
    pk = post.get("revoke") or post.get("reset") or post.get("member")
    if pk is None:
        return False
    target = get_object_or_404(Membership.objects.select_related("user", "municipality"),
                               pk=_id(pk), municipality=area)
    user = target.user
    if "revoke" in post:
        services.revoke_role(target, request.user)
        messages.success(request, _("Rol van %(user)s ingetrokken, met de registertoegang.") % {"user": user.username})
    elif "reset" in post:
        password = services.reset_password(user, by_user=request.user, municipality=area)
        messages.success(request, _("Nieuw wachtwoord voor %(user)s.") % {"user": user.username}
                         + " " + _one_time_text(password))
    else:
        kind, grant = post.get("kind", ""), post.get("register") == "grant"
        rights.set_register_access(area, user, kind, grant, by_user=request.user)
        label = rights.REGISTER_KINDS[kind]
        text = (_("%(user)s heeft nu registertoegang als %(kind)s.") if grant
                else _("Registertoegang als %(kind)s van %(user)s ingetrokken."))
        messages.success(request, text % {"user": user.username, "kind": label})
    return True


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:]


def _id(value) -> int:
    from ivb.params import record_id

    return record_id(value)


def _one_time_text(password: str) -> str:
    return _("Eenmalig wachtwoord (wordt niet nog eens getoond; bij de eerste keer inloggen kiest de gebruiker "
             "een eigen wachtwoord): %(password)s") % {"password": password}


def _members_context(area, membership, form) -> dict:
    rows = list(Membership.objects.filter(municipality=area).select_related("user", "user__password_status")
                .order_by("user__username"))
    grants: dict[int, set[str]] = {}
    for user_id, kind in RegisterAccess.objects.filter(municipality=area).values_list("user_id", "kind"):
        grants.setdefault(user_id, set()).add(kind)
    # What the page does not offer, as the services would refuse it (ADR 0041): register access to an account
    # whose password this beheerder could know, and a new password for an account that reads a register.
    knew = rights.knew_the_password(membership.user)
    ids = [m.user_id for m in rows]
    issuers = rights.password_issuers(ids)  # shown beside a grant: the second pair of eyes sees who knew a password
    granter = rights.granter_problem(membership.user)
    readers = set(RegisterAccess.objects.filter(user__in=ids).values_list("user_id", flat=True))
    # A password opens the whole account: a member who also works where this beheerder manages no users gets
    # their new password from the application administrator (services.reset_password refuses it).
    managed = {m.municipality_id for m in Membership.objects.filter(user=membership.user)
               if allows(m.role, MANAGE_USERS)}
    elsewhere = set(Membership.objects.filter(user__in=ids).exclude(municipality__in=managed)
                    .values_list("user_id", flat=True))
    members = []
    for m in rows:
        one_time = getattr(getattr(m.user, "password_status", None), "one_time", False)
        held = grants.get(m.user_id, set())
        # (kind, label, held, the other access it cannot stand beside: rights.duties_problem)
        members.append({"m": m, "access": [(kind, label, kind in held,
                                            next((rights.REGISTER_KINDS[o] for o in held if o != kind), ""))
                                           for kind, label in rights.REGISTER_KINDS.items()],
                        "one_time": one_time, "no_grant": ("granter" if granter else "knew" if m.user_id in knew
                                                           else "one_time" if one_time else ""),
                        "issuers": ", ".join(issuers.get(m.user_id, ())),
                        "no_reset": ("register" if m.user_id in readers else
                                     "elsewhere" if m.user_id in elsewhere else "")})
    changes = [(event, rights.describe(event)) for event in rights.rights_changes(area)]
    return {"area": area, "membership": membership, "form": form, "members": members, "changes": changes,
            "granter_problem": granter}


# ------------------------------------------------------------------------------------------ own account

@login_required
def own_account(request):
    from ivb.accounts.forms import TokenForm

    form = TokenForm(request.POST if "name" in request.POST else None)
    if request.method == "POST":
        try:
            if "revoke_token" in request.POST:
                token = services.revoke_token(_id(request.POST["revoke_token"]), by=request.user, owner=request.user)
                messages.success(request, _("Token '%(name)s' ingetrokken.") % {"name": token.name})
                return redirect("own_account")
            if form.is_valid():
                token = services.issue_token(request.user, form.cleaned_data["name"], days=form.cleaned_data["days"])
                messages.success(request, _("Nieuw API-token (wordt niet nog eens getoond): %(token)s")
                                 % {"token": token})
                return redirect("own_account")
        except services.AccountError as exc:
            messages.error(request, _sentence(exc))
    user = request.user
    roles = (Membership.objects.filter(user=user).select_related("municipality").order_by("municipality__name")
             .prefetch_related(Prefetch("municipality__registeraccess_set",
                                        queryset=RegisterAccess.objects.filter(user=user), to_attr="mine")))
    tokens = [(t, state(t)) for t in services.tokens_of(user)]
    return render(request, "accounts/own.html", {"roles": roles, "tokens": tokens, "form": form})


class NewPasswordForm(PasswordChangeForm):
    """A new password must differ from the old one: a one-time password kept as one's own would stay known to
    whoever issued it."""

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and new == self.data.get("old_password"):
            raise forms.ValidationError(_("Kies een ander wachtwoord dan het huidige."), code="password_unchanged")
        return new

    def clean(self):
        # Django puts a too-weak password's errors on the confirmation; they belong to the new password, the
        # field the user has to change. A mismatch stays at the confirmation.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return super(SetPasswordForm, self).clean()


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the validators in settings), after which the
    password is the user's own: no longer one-time, and their API tokens made before are stale."""

    template_name = "accounts/password_change.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("own_account")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "one_time": services.must_change_password(self.request.user)}

    def form_valid(self, form):
        first = services.must_change_password(self.request.user)  # the first login, with a one-time password
        response = super().form_valid(form)
        services.password_changed(self.request.user)
        if first:  # on to the work, not to the account page (walk U: a new user landed there without a way on)
            messages.success(self.request, _("Uw wachtwoord is gewijzigd. Welkom bij IVB."))
            return redirect("home")
        messages.success(self.request, _("Uw wachtwoord is gewijzigd. API-tokens van vóór deze wijziging werken "
                                         "niet meer."))
        return response
