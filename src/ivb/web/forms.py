from django import forms
from django.utils.translation import gettext_lazy as _

from ivb.accounts.services import MAX_USERNAME
from ivb.domain.policy import POLICY_MAX_BYTES
from ivb.domain.vocabulary import JUDGEMENTS
from ivb.plan.services import MAX_OWNER, MAX_TEXT, MAX_TITLE
from ivb.store.models import Observation, Series
from ivb.store.observation_import import MAX_BYTES as OBSERVATIONS_MAX_BYTES
from ivb.web.uploads import BoundedFileField


def series_choices(area=None) -> list:
    """Every series by its name: first those the municipality's policy measures by, then grouped by who
    publishes it; the key is only the submitted value."""
    from ivb.store.links import policy_indicator_names

    own = policy_indicator_names(area) if area is not None else {}
    groups: dict[str, list[tuple[str, str]]] = {}
    names = {}
    for key, name, source in Series.objects.order_by("source", "name").values_list("key", "name", "source"):
        names[key] = name
        if key not in own:
            groups.setdefault(source or str(_("Overige bronnen")), []).append((key, name))
    # The policy's series by the names of its indicators first: "Woninginbraken: Diefstal/inbraak woning (…)".
    mine = [(k, names[k] if indicators == [names[k]] else f"{', '.join(indicators)}: {names[k]}")
            for k, indicators in own.items() if k in names]
    # A series named as one of the policy's is told apart by its source (walk CA: "Woninginbraken" twice, and a
    # figure typed into the wrong one stood as a second line).
    taken = {n for indicators in own.values() for n in indicators} | {names[k] for k in own if k in names}
    groups = {source: [(k, f"{name} – {source}" if name in taken else name) for k, name in items]
              for source, items in groups.items()}
    return [("", _("Kies een reeks")), *([(_("Reeksen van het beleid"), mine)] if mine else []), *groups.items()]


class ObservationForm(forms.Form):
    series = forms.ChoiceField(label=_("Reeks"), help_text=_("Gegroepeerd naar bron."))
    period = forms.CharField(label=_("Periode"), max_length=40,
                             help_text=_("Bijvoorbeeld 2019, 2019-Q3, 2019-03 of 2019 t/m september."))
    # inputmode: a phone opens its number keyboard, with the comma (walk BR: the letter keyboard, for every month)
    value = forms.CharField(label=_("Waarde"), max_length=40, help_text=_("Een komma is het decimaalteken: 18,4."),
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    status = forms.ChoiceField(label=_("Status"), choices=Observation.Status.choices)
    source = forms.CharField(label=_("Bron"), max_length=200, help_text=_("Wie het cijfer publiceert, zoals Politie."))
    document = forms.CharField(label=_("Document of tabel"), max_length=300, required=False)
    reference = forms.CharField(label=_("Vindplaats"), max_length=300, required=False,
                                help_text=_("Hoofdstuk, tabel of pagina."))
    margin = forms.CharField(label=_("Marge"), max_length=40, required=False,
                             help_text=_("Alleen bij enquêtecijfers, zoals 1,2."),
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label=_("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             help_text=_("Verplicht als u een bestaande waarde vervangt."))

    def __init__(self, *args, area=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = series_choices(area)

    def as_service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class WithdrawForm(forms.Form):
    prefix = "intrekken"  # on the correction page beside that form's own "reason"
    reason = forms.CharField(label=_("Reden van het intrekken"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False, help_text=_("Verplicht. Bijvoorbeeld: hoort bij 2021, niet bij 2022."))


class UploadForm(forms.Form):
    file = BoundedFileField(label=_("Bestand (CSV of XLSX)"), max_bytes=OBSERVATIONS_MAX_BYTES,
                            help_text=_("Gebruik het sjabloon. Bevat het bestand één foute rij, dan wordt niets opgeslagen."))
    encoding = forms.ChoiceField(
        label=_("Codering"), required=False, initial="utf-8",
        choices=[("utf-8", _("UTF-8 (standaard)")), ("cp1252", _("Windows-1252 (CSV uit een oudere Excel)"))],
        help_text=_("Alleen voor CSV. Meldt de import dat het bestand geen geldige UTF-8 is, kies dan Windows-1252."))


def _limited(limit: int, widget=forms.TextInput, **attrs):
    """A text box that tells the browser its maximum. The service checks it and says what is wrong, in the
    words the API and the CLI use too."""
    return widget(attrs={"maxlength": limit, **attrs})


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Actie"), widget=_limited(MAX_TITLE))
    description = forms.CharField(label=_("Omschrijving"), widget=_limited(MAX_TEXT, forms.Textarea, rows=3),
                                  required=False)
    # Either is optional, but not both: said before the form is sent (walk V found out only after).
    priority_key = forms.ChoiceField(label=_("Prioriteit"), required=False,
                                     help_text=_("Kies een prioriteit, een thema of allebei; minstens één van de twee."))
    theme_code = forms.ChoiceField(label=_("Thema (Kernbeleid Veiligheid)"), required=False)
    owner = forms.CharField(label=_("Trekker"), widget=_limited(MAX_OWNER))
    partners = forms.CharField(label=_("Partners"), required=False, help_text=_("Gescheiden door komma's."))
    due_quarter = forms.TypedChoiceField(label=_("Gereed in kwartaal"), coerce=int,
                                         choices=[(q, _("%(q)se kwartaal") % {"q": q}) for q in range(1, 5)])

    def __init__(self, *args, priorities=(), **kwargs):
        from ivb.domain import catalogue

        super().__init__(*args, **kwargs)
        self.fields["priority_key"].choices = [("", _("– geen –")), *priorities]
        self.fields["theme_code"].choices = [("", _("– geen –")), *[(t.code, f"{t.code} {t.name}") for t in catalogue.THEMES]]

    def as_service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["partners"] = [p.strip() for p in data["partners"].split(",") if p.strip()]
        return data


class ActionEditForm(ActionForm):
    """The form of a new action, prefilled, plus the fingerprint of the action it showed."""
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def of(cls, action, fingerprint: str, **kwargs) -> "ActionEditForm":
        initial = {"title": action.title, "description": action.description, "priority_key": action.priority_key,
                   "theme_code": action.theme_code, "owner": action.owner, "partners": ", ".join(action.partners),
                   "due_quarter": action.due_quarter, "seen": fingerprint}
        return cls(initial=initial, **kwargs)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=[])
    note = forms.CharField(label=_("Toelichting"), widget=_limited(MAX_TEXT, forms.Textarea, rows=2))

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        # No status chosen for the user: the first in the list ("afgerond") was one careless click from done
        # (walk of 4 December).
        self.fields["status"].choices = [("", _("Kies een status")), *[(s, s) for s in sorted(allowed)]]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Voortgang"), widget=_limited(MAX_TEXT, forms.Textarea, rows=2))


class PolicyUploadForm(forms.Form):
    file = BoundedFileField(label=_("Beleidsbestand (YAML)"), max_bytes=POLICY_MAX_BYTES,
                            help_text=_("Een beleidsbestand zoals het invulbestand hieronder; elk probleem wordt "
                                        "genoemd met regel en veld, en er wordt niets opgeslagen voordat u "
                                        "bevestigt."))


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), widget=_limited(MAX_USERNAME))
    role = forms.ChoiceField(label=_("Rol"), choices=[])

    def __init__(self, *args, **kwargs):
        from ivb.accounts.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices


class AdoptPlanForm(forms.Form):
    """The college's decision to adopt a year's plan (ADR 0040). A browser's date field sends 2023-04-14; typed
    by hand, 14-4-2023 is how a Dutch reader writes it."""

    decided_on = forms.DateField(label=_("Datum collegebesluit"), input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
                                 error_messages={"required": _("vul de datum van het collegebesluit in"),
                                                 "invalid": _("geen datum; schrijf bijvoorbeeld 14-04-2023")})
    decision_reference = forms.CharField(label=_("Kenmerk besluit"), required=False)  # its limit: the service's


class EvidenceForm(forms.Form):
    """A judgement on a qualitative target (`store.evidence.record_evidence`): what it is, what it rests on, the
    day it was given. The date is not filled in: the day of the judgement is seldom the day it is typed in."""

    status = forms.ChoiceField(label=_("Oordeel"), choices=[("", "—")] + [(str(s), _(str(s))) for s in JUDGEMENTS],
                               error_messages={"required": _("kies een oordeel"),
                                               "invalid_choice": _("kies een oordeel uit de lijst")})
    summary = forms.CharField(label=_("Waarop het oordeel rust"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Bijvoorbeeld: het ondermijningsbeeld is in maart opgeleverd en in het "
                                          "driehoeksoverleg besproken."),
                              error_messages={"required": _("geef op waar het oordeel op rust")})
    year = forms.TypedChoiceField(label=_("Over het jaar"), coerce=int,
                                  help_text=_("Het eindoordeel over een doeljaar wordt vaak pas het jaar erna gegeven: "
                                              "kies dan het doeljaar."))
    date = forms.DateField(label=_("Datum van het oordeel"), input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
                           widget=forms.DateInput(attrs={"type": "date"}),
                           error_messages={"required": _("vul de datum van het oordeel in"),
                                           "invalid": _("geen datum; schrijf bijvoorbeeld 14-04-2023")})
    document = forms.CharField(label=_("Verslag of vindplaats"), required=False,
                               help_text=_("Het document waarin het oordeel staat, met de plek erin."))
