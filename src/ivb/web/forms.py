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
