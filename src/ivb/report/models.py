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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year", "language"], name="one_frozen_report")]
        ordering = ["-year"]

    def __str__(self):
        return f"{self.municipality.code} {self.year}"
