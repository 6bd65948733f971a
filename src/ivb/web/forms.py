from django import forms

from ivb.store.models import Observation, Series


class ObservationForm(forms.Form):
    series = forms.ModelChoiceField(Series.objects.order_by("name"), label="Reeks", to_field_name="key",
                                    empty_label="Kies een reeks")
    period = forms.CharField(label="Periode", max_length=40,
                             help_text="Bijvoorbeeld 2019, 2019-Q3, 2019-03 of 2019 t/m september.")
    value = forms.CharField(label="Waarde", max_length=40, help_text="Een komma is het decimaalteken: 18,4.")
    status = forms.ChoiceField(label="Status", choices=Observation.Status.choices)
    source = forms.CharField(label="Bron", max_length=200, help_text="Wie het cijfer publiceert, zoals Politie.")
    document = forms.CharField(label="Document of tabel", max_length=300, required=False)
    reference = forms.CharField(label="Vindplaats", max_length=300, required=False,
                                help_text="Hoofdstuk, tabel of pagina.")
    margin = forms.CharField(label="Marge", max_length=40, required=False,
                             help_text="Alleen bij enquêtecijfers, zoals 1,2.")
    note = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label="Reden van de correctie", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             help_text="Verplicht als u een bestaande waarde vervangt.")

    def as_service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "reason"}
        data["series"] = self.cleaned_data["series"].key
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label="Bestand (CSV of XLSX)",
                           help_text="Gebruik het sjabloon. Bevat het bestand één foute rij, dan wordt niets opgeslagen.")


class ActionForm(forms.Form):
    title = forms.CharField(label="Actie", max_length=200)
    description = forms.CharField(label="Omschrijving", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    priority_key = forms.ChoiceField(label="Prioriteit", required=False)
    theme_code = forms.ChoiceField(label="Thema (Kernbeleid Veiligheid)", required=False)
    owner = forms.CharField(label="Trekker", max_length=200)
    partners = forms.CharField(label="Partners", required=False, help_text="Gescheiden door komma's.")
    due_quarter = forms.TypedChoiceField(label="Gereed in kwartaal", coerce=int,
                                         choices=[(q, f"{q}e kwartaal") for q in range(1, 5)])

    def __init__(self, *args, priorities=(), **kwargs):
        from ivb.domain import catalogue

        super().__init__(*args, **kwargs)
        self.fields["priority_key"].choices = [("", "– geen –"), *priorities]
        self.fields["theme_code"].choices = [("", "– geen –"), *[(t.code, f"{t.code} {t.name}") for t in catalogue.THEMES]]

    def as_service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["partners"] = [p.strip() for p in data["partners"].split(",") if p.strip()]
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nieuwe status", choices=[])
    note = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, s) for s in sorted(allowed)]


class NoteForm(forms.Form):
    text = forms.CharField(label="Voortgang", widget=forms.Textarea(attrs={"rows": 2}))


class PolicyUploadForm(forms.Form):
    file = forms.FileField(label="Beleidsbestand (YAML)", help_text="Zie 'ivb policy schema' voor het formaat.")


class MemberForm(forms.Form):
    username = forms.CharField(label="Gebruikersnaam", max_length=150)
    role = forms.ChoiceField(label="Rol", choices=[])

    def __init__(self, *args, **kwargs):
        from ivb.accounts.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
