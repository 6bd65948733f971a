"""The annual plan (veiligheidsjaarplan): concrete actions per year, with owner, partners, due quarter and
status, and progress notes that are appended, never edited."""

import datetime as dt

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    PLANNED = "gepland", "gepland"
    RUNNING = "lopend", "lopend"
    DONE = "afgerond", "afgerond"
    DROPPED = "vervallen", "vervallen"


# The one place that says which status may follow which (Signalen's lesson: an explicit table).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.RUNNING, Status.DONE, Status.DROPPED}),
    Status.RUNNING: frozenset({Status.DONE, Status.DROPPED}),
    Status.DONE: frozenset({Status.RUNNING}),      # reopened when it turns out not to be done
    Status.DROPPED: frozenset({Status.PLANNED}),   # taken up again
}


class Action(models.Model):
    municipality = models.ForeignKey("store.Area", on_delete=models.PROTECT, related_name="actions")
    year = models.PositiveSmallIntegerField()
    priority_key = models.CharField(max_length=100, blank=True, help_text="key of a priority of the policy")
    theme_code = models.CharField(max_length=5, blank=True, help_text="Kernbeleid theme, e.g. 1.3")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=200, help_text="who carries it out (trekker)")
    partners = models.JSONField(default=list, blank=True)
    due_quarter = models.PositiveSmallIntegerField(choices=[(q, f"Q{q}") for q in range(1, 5)])
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "due_quarter", "title"]
        constraints = [models.CheckConstraint(condition=models.Q(due_quarter__gte=1, due_quarter__lte=4),
                                              name="due_quarter_1_to_4")]

    @property
    def due_date(self) -> dt.date:
        """The last day of the due quarter."""
        month = 3 * self.due_quarter
        next_month = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status in (Status.PLANNED, Status.RUNNING) and (today or dt.date.today()) > self.due_date

    def __str__(self):
        return self.title


class ProgressNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    status_from = models.CharField(max_length=12, blank=True)
    status_to = models.CharField(max_length=12, blank=True)
    # A record of an edit (title, owner, quarter …), kept in the action's history; not progress on the action.
    is_edit = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class PlanAdoption(models.Model):
    """The college's adoption of a year's plan (vaststelling van het veiligheidsjaarplan): who, when, and the
    actions as they were adopted. The plan stays a living document; this is the record of what was adopted."""

    municipality = models.ForeignKey("store.Area", on_delete=models.PROTECT, related_name="plan_adoptions")
    year = models.PositiveSmallIntegerField()
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    adopted_by_name = models.CharField(max_length=150, help_text="the full name, or else the user name")
    adopted_by_role = models.CharField(max_length=20, blank=True,
                                       help_text="the adopter's role in the municipality then (its key)")
    adopted_at = models.DateTimeField(auto_now_add=True, help_text="when it was recorded in IVB")
    decided_on = models.DateField(null=True, blank=True,
                                  help_text="the date of the college's decision; empty for adoptions recorded before "
                                            "IVB asked for it")
    decision_reference = models.CharField(max_length=100, blank=True,
                                          help_text="the decision's reference (kenmerk), as the college's minutes "
                                                    "give it")
    actions = models.JSONField(help_text="the year's actions as adopted: pk, title, owner, due_quarter, status, "
                                         "priority_key, theme_code")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="one_plan_adoption_per_year")]
        ordering = ["-year"]

    def __str__(self):
        return f"{self.municipality_id} {self.year}"
