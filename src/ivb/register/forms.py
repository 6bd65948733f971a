"""Forms for the register's pages. The services check the rules, the lengths too (so the page and the API refuse
alike, with one message); these only turn posted text into values and tell the browser each maximum."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ivb.register.models import BibobAdvice, Case, Measure, Signal
from ivb.register.services import (MAX_OUTCOME, MAX_REASON, MAX_TEXT, SIGNAL_TEXTS, attachment_problem,
                                   max_attachment_bytes, max_length, measure_problems, signal_problems)


def _box(limit: int, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"maxlength": limit, **attrs})


def _area(limit: int, rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"maxlength": limit, "rows": rows})

class RegisterForm(forms.Form):
    """A form of the register: no field is remembered by the browser (walk BY: a company's name and address typed
    here were kept in Chromium's autofill, offered on any site's field of that name, and out of reach of an erasure
    under AVG art. 17)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.PasswordInput):
                field.widget.attrs["autocomplete"] = "off"


PHENOMENA = ["drugs", "hennepteelt", "synthetische drugs", "mensenhandel", "arbeidsuitbuiting",
             "illegale prostitutie", "witwassen", "vastgoedfraude", "zorgfraude", "motorclub", "overig"]
PARTNERS = ["RIEC", "politie", "OM", "Belastingdienst", "HEIT", "FIOD", "Nederlandse Arbeidsinspectie", "woningcorporatie"]


class SignalForm(RegisterForm):
    what = forms.CharField(label=_("Wat heeft u gezien?"), widget=_area(MAX_TEXT, rows=4))
    observed_on = forms.DateField(label=_("Wanneer (DD-MM-JJJJ)"))
    address = forms.CharField(label=_("Adres"), required=False, widget=_box(max_length(Signal, "address")))
    premises = forms.CharField(label=_("Pand"), required=False, widget=_box(max_length(Signal, "premises")))
    company = forms.CharField(label=_("Bedrijf"), required=False, widget=_box(max_length(Signal, "company")))
    kvk = forms.CharField(label=_("KvK-nummer"), required=False, widget=_box(max_length(Signal, "kvk")))
    team = forms.CharField(label=_("Uw team"), widget=_box(max_length(Signal, "team")))
    attachment = forms.FileField(label=_("Bijlage"), required=False,
                                 help_text=_("PDF, foto (PNG of JPEG) of Word-document (.docx), hoogstens 10 MB"))

    def clean_attachment(self):
        """The file as (name, bytes), refused at this field; one too big is refused by its announced size,
        before it is read into memory."""
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        too_big = upload.size > max_attachment_bytes()
        data = b"" if too_big else upload.read()
        problem = attachment_problem(upload.name, data, size=upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload.name, data

    def clean(self):
        """The register's own rules (a date not in the future, a KvK number, no markup, the column widths),
        every problem at its field at once: the same checks `file_signal` makes."""
        data = super().clean()
        given = {name: data[name] for name in (*SIGNAL_TEXTS, "observed_on") if data.get(name) is not None}
        for name, problem in signal_problems(**given).items():
            self.add_error(name, capfirst(problem))
        return data


class TextForm(RegisterForm):
    text = forms.CharField(label=_("Tekst"), widget=_area(MAX_TEXT, rows=3))


class MeasureForm(RegisterForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=Measure.Kind.choices)
    legal_basis = forms.CharField(label=_("Grondslag"), required=False,
                                  widget=_box(max_length(Measure, "legal_basis")), help_text=_("bijvoorbeeld Opiumwet art. 13b of Gemeentewet art. 174a"))
    decision_date = forms.DateField(label=_("Besluitdatum (DD-MM-JJJJ)"))
    document_reference = forms.CharField(label=_("Kenmerk besluit"),
                                         widget=_box(max_length(Measure, "document_reference")))
    period_start = forms.DateField(label=_("Periode vanaf (DD-MM-JJJJ)"), required=False)
    period_end = forms.DateField(label=_("Periode tot en met (DD-MM-JJJJ)"), required=False)
    requested_on = forms.DateField(label=_("Bibob: advies gevraagd op (DD-MM-JJJJ)"), required=False)
    advice = forms.ChoiceField(label=_("Bibob: advies"), required=False,
                               choices=[("", "–"), *[(v, _(label)) for v, label in BibobAdvice.choices]])
    outcome = forms.CharField(label=_("Uitkomst"), required=False, widget=_area(MAX_OUTCOME, rows=2))

    def clean(self):
        """The service's rules for a measure too, beside a missing field: every problem in one round (walk of 4
        December: a date in the future was told only after the missing reference had been filled in)."""
        data = super().clean()
        if data.get("decision_date") is not None:  # the service's rules start from the decision's date
            for name, problem in measure_problems(
                    kind=data.get("kind", ""), decision_date=data["decision_date"],
                    legal_basis=data.get("legal_basis", ""), period_start=data.get("period_start"),
                    period_end=data.get("period_end"), requested_on=data.get("requested_on"),
                    advice=data.get("advice", "")).items():
                if name not in self.errors:
                    self.add_error(name, capfirst(problem))
        return data


class CaseForm(RegisterForm):
    subject = forms.CharField(label=_("Onderwerp"), widget=_box(max_length(Case, "subject")))
    phenomena = forms.MultipleChoiceField(label=_("Fenomenen"), required=False, widget=forms.CheckboxSelectMultiple,
                                          choices=[(p, _(p)) for p in PHENOMENA])
    partners = forms.MultipleChoiceField(label=_("Partners"), required=False, widget=forms.CheckboxSelectMultiple,
                                         choices=[(p, p) for p in PARTNERS])
    deadline = forms.DateField(label=_("Termijn (DD-MM-JJJJ)"), required=False)
    # A person who left the team since the form was shown is named by no one: the message says what happened,
    # not the database number Django's default message would show.
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Eigenaar"), queryset=None, empty_label=None,
        error_messages={"invalid_choice": _("Deze persoon hoort niet (meer) bij het team; kies een ander.")})
    restricted_to: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Alleen zichtbaar voor"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Een van de gekozen personen hoort niet (meer) bij het team; kijk de "
                                            "lijst opnieuw na.")},
        help_text=_("Leeg: heel team ondermijning van deze gemeente. U en de eigenaar blijven altijd op de lijst."))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team
        self.fields["restricted_to"].queryset = team
        self.fields["owner"].label_from_instance = self.fields["restricted_to"].label_from_instance = (
            lambda u: u.get_full_name() or u.username)

    @classmethod
    def for_case(cls, case, team, data=None):
        initial = {"subject": case.subject, "phenomena": case.phenomena, "partners": case.partners,
                   "deadline": case.deadline, "owner": case.owner_id,
                   "restricted_to": list(case.restricted_to.values_list("pk", flat=True))}
        form = cls(data, team=team, initial=initial, prefix="case")
        # A case may hold phenomena and partners that are not in the lists (the API and earlier versions take any):
        # they are offered, ticked, so that saving another field does not drop them unseen.
        for name, listed, label in (("phenomena", PHENOMENA, _), ("partners", PARTNERS, str)):
            extra = [value for value in initial[name] or [] if value not in listed]
            form.fields[name].choices = [*form.fields[name].choices, *((value, label(value)) for value in extra)]
        return form


class RejectForm(RegisterForm):
    """Rejecting is final: the page asks again, with the reason (required by `reject_signal` as well)."""
    reason = forms.CharField(label=_("Reden van de afwijzing"), widget=_area(MAX_REASON, rows=3),
                             error_messages={"required": _("Geef de reden; afwijzen is definitief.")},
                             help_text=_("Blijft bij het signaal staan tot het wordt opgeschoond; noem geen namen."))


class ReauthForm(forms.Form):
    password = forms.CharField(label=_("Wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
