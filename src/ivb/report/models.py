"""Council reports. A draft is rendered from the current figures each time; an approved report is frozen:
its files, the figures behind them and a hash are stored and never change."""

from django.conf import settings
from django.db import models


class Report(models.Model):
    municipality = models.ForeignKey("store.Area", on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=5, default="nl")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    approved_by_name = models.CharField(max_length=150)
    approved_at = models.DateTimeField(auto_now_add=True)
    html = models.BinaryField()
    pdf = models.BinaryField()
    docx = models.BinaryField()
    sha256 = models.CharField(max_length=64, help_text="hash of the PDF, DOCX and HTML together")
    figures = models.JSONField(help_text="the observations the report was built from: id, series, period, value")
    statuses = models.JSONField(default=list, blank=True,
                                help_text="each indicator's status as approved: key, name, status (its Dutch value)")
    # Until 3 December 2026 a year could be approved once per language (ADR 0009). A later approval of a year
    # that already had one is kept for the record but set aside: the first is the one the council received.
    set_aside = models.BooleanField(default=False, help_text="a second approval of a year, in another language; "
                                                             "kept for the record, never shown as the approved report")

    class Meta:
        # One approved report per municipality and year, whatever the language it was approved in.
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], condition=models.Q(set_aside=False),
                                               name="one_approved_report_per_year")]
        ordering = ["-year"]

    def __str__(self):
        return f"{self.municipality.code} {self.year}"
