"""The store: areas, series, observations with provenance, policies with versions.

The store keeps raw measurements, never computed results. An indicator is not stored here: it lives in
the policy document and points at a series; the safety picture is computed from observations each time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ivb.domain.actors import maker_words
from ivb.domain.vocabulary import JUDGEMENTS


class Area(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "land", "land"
        PROVINCE = "provincie", "provincie"
        POLICE_UNIT = "eenheid", "politie-eenheid"
        DISTRICT = "district", "district"
        MUNICIPALITY = "gemeente", "gemeente"
        WIJK = "wijk", "wijk"
        BUURT = "buurt", "buurt"
        GROUP = "groep", "groep"

    code = models.CharField(max_length=20, unique=True, help_text="CBS code, e.g. GM0553, RE06, NL01")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               help_text="the area this one lies in (buurt > wijk > gemeente > eenheid > land)")
    groups = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="members",
                                    help_text="other groupings this area belongs to, e.g. a province")
    neighbours = models.ManyToManyField("self", symmetrical=True, blank=True,
                                        help_text="areas that share a border, for comparison with peers")
    # Municipalities merge: an area exists from one date until another, and may pass into a successor.
    valid_from = models.DateField(null=True, blank=True, help_text="the day the area came into being, if known")
    valid_until = models.DateField(null=True, blank=True, help_text="the last day the area existed")
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
                                  help_text="the area it passed into")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Series(models.Model):
    key = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=20)
    aggregation = models.CharField(max_length=10)
    source = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.key


class ImportBatch(models.Model):
    """One import of a file: which file (by hash), who, when, and what it changed."""

    class Kind(models.TextChoices):
        OBSERVATIONS = "waarnemingen", "waarnemingen"
        POLICY = "beleid", "beleid"
        OPEN_DATA = "open data", "open data (CBS, politie)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    imported_by_name = models.CharField(max_length=150, help_text="user name, or the system account for the CLI")
    imported_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.kind} {self.filename} ({self.imported_at:%Y-%m-%d %H:%M})"


class Observation(models.Model):
    """A value of a series for an area and a period, with its provenance.

    History is appended, never edited: a new value for the same series, area and period supersedes the
    old row (which keeps its value and provenance). Only one row per series, area and period is current.
    """

    class Status(models.TextChoices):
        PROVISIONAL = "voorlopig", "voorlopig"
        DEFINITIVE = "definitief", "definitief"

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=20, help_text="canonical period code: 2019, 2019-Q3, 2019-03, 2019-tm09")
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=6)
    margin = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True,
                                 help_text="the margin (half the 95% interval) a survey states, if any")
    status = models.CharField(max_length=12, choices=Status.choices)
    synthetic = models.BooleanField(default=False, help_text="made up for a demo, not a real figure")

    source = models.CharField(max_length=200)
    source_document = models.CharField(max_length=300, blank=True)
    source_reference = models.CharField(max_length=300, blank=True, help_text="where in the document")
    note = models.TextField(blank=True)

    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="observations")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes")
    correction_reason = models.TextField(blank=True, help_text="why this value replaced the one before it")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "area", "period"], condition=Q(superseded_at__isnull=True),
                                    name="one_current_observation"),
        ]
        indexes = [models.Index(fields=["area", "series", "period_end"])]
        ordering = ["series", "area", "period_start", "period_end"]

    def __str__(self):
        return f"{self.series.key} {self.area.code} {self.period} = {self.value}"

    @property
    def is_published(self) -> bool:
        """Definitive, or provisional as CBS or the police published it (see `published`)."""
        return self.status == Observation.Status.DEFINITIVE or (
            self.batch is not None and self.batch.kind == ImportBatch.Kind.OPEN_DATA)

    @property
    def maker(self) -> str:
        """Who recorded it, as a reader reads it: the full name, else the name kept, a command as "de opdrachtregel"."""
        return maker_words((self.recorded_by.get_full_name() if self.recorded_by else "") or self.recorded_by_name)

    @property
    def is_open_data(self) -> bool:
        """Imported from a national open-data file: the country's figure, not one a municipality typed in (walk BM:
        Bergen op Zoom's police figures read "Vastgelegd door de gemeente Bergen op Zoom" on Woensdrecht's page)."""
        batch = self.batch if self.batch_id is not None else None  # no query for a figure typed in
        return batch is not None and batch.kind == ImportBatch.Kind.OPEN_DATA


def published() -> Q:
    """The figures another municipality's readers may see and a region figure counts: definitive, or imported as
    open data (CBS and the police publish provisional years). A figure typed in or read from a file is published
    once it is definitive, whatever its series (ADR 0044)."""
    return Q(status=Observation.Status.DEFINITIVE) | Q(batch__kind=ImportBatch.Kind.OPEN_DATA)


class ObservationWithdrawal(models.Model):
    """A figure that was wrong altogether (a wrong period or series, a test row) taken out without a successor:
    the observation is no longer current (its superseded_at is this row's time) and stays in the history.
    A row of its own, so that the pictures' data stamp (highest ids) sees it."""

    observation = models.OneToOneField(Observation, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.TextField()
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    withdrawn_by_name = models.CharField(max_length=150)
    withdrawn_at = models.DateTimeField()

    @property
    def maker(self) -> str:
        """Who withdrew it, as `Observation.maker` says who recorded a figure."""
        return maker_words((self.withdrawn_by.get_full_name() if self.withdrawn_by else "") or self.withdrawn_by_name)


class Policy(models.Model):
    """A policy for one period and one or more municipalities. Its content lives in its versions."""

    title = models.CharField(max_length=300)
    period_start = models.PositiveSmallIntegerField()
    period_end = models.PositiveSmallIntegerField()
    municipalities = models.ManyToManyField(Area, related_name="policies")

    class Meta:
        ordering = ["-period_start"]
        verbose_name_plural = "policies"

    @property
    def period_label(self) -> str:
        return f"{self.period_start}-{self.period_end}"

    def current_version(self) -> "PolicyVersion":
        version = self.versions.order_by("-number").first()
        assert version is not None  # import_policy stores a policy with its first version, in one transaction
        return version

    def __str__(self):
        return self.title


class PolicyVersion(models.Model):
    """One adopted or amended text of a policy, kept whole as validated data. Never edited."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField(help_text="the policy document, as validated (ivb.domain.policy.Policy)")
    sha256 = models.CharField(max_length=64, help_text="hash of the canonical document")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="one_version_number")]
        ordering = ["policy", "number"]

    def __str__(self):
        return f"{self.policy} v{self.number}"


class SeriesBreak(models.Model):
    """A break in a series: from this date the figures are counted differently (the police counting rule of
    1 July 2018, a municipal merger). Trend fits add a step here instead of reading the jump as a trend."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="breaks")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE,
                             help_text="empty: the break holds for every area")
    date = models.DateField()
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["series", "date"]


class Evidence(models.Model):
    """A recorded judgement on a qualitative target, with what it rests on."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="evidence")
    indicator_key = models.CharField(max_length=100)
    area = models.ForeignKey(Area, on_delete=models.PROTECT)
    date = models.DateField()
    # The year the judgement is about: the final judgement on a target of 2023 is given in February 2024, and counts
    # for 2023 (walk Z). Empty on judgements recorded before there was a choice: the year of `date`.
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=[(s.value, s.value) for s in JUDGEMENTS])  # vocabulary.Status
    summary = models.TextField()
    document = models.CharField(max_length=300, blank=True)
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["policy", "indicator_key", "date"]

    @property
    def about(self) -> int:
        """The year the judgement is about."""
        return self.year or self.date.year

    @property
    def maker(self) -> str:
        """Who recorded it, as a reader reads it (a command as "de opdrachtregel")."""
        return maker_words(self.recorded_by_name)


class SeriesLink(models.Model):
    """Says that another series (open data, another source) measures what a policy's series measures, for one
    municipality. The defaults ship in `ivb/data/opendata-tables.yaml`; a row with `hidden` takes a default away
    for this municipality. The indicator page shows the figures of both, each with its source."""

    municipality = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="series_links")
    series_key = models.CharField(max_length=100)
    other_key = models.CharField(max_length=100)
    hidden = models.BooleanField(default=False)
    changed_by_name = models.CharField(max_length=150)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "series_key", "other_key"], name="one_link")]


class ChosenNeighbour(models.Model):
    """A municipality a beheerder or analist chose to compare with, beside those that share a border. The
    choice is the municipality's own (one direction); removing it keeps the row, with who removed it and when."""

    municipality = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="chosen_neighbours")
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="chosen_by")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_by_name = models.CharField(max_length=150)
    added_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    removed_by_name = models.CharField(max_length=150, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "neighbour"], condition=Q(removed_at__isnull=True),
                                               name="one_current_chosen_neighbour")]
        ordering = ["municipality", "added_at"]

    def __str__(self):
        return f"{self.municipality.code} → {self.neighbour.code}"


class SeriesBreakRemoval(models.Model):
    """A shipped break of known size (data/series-breaks.yaml) taken away from a series, with the reason: for
    instance because this municipality's figures were already counted the new way. Kept as a record."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="break_removals")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE,
                             help_text="empty: removed for every area")
    date = models.DateField()
    reason = models.CharField(max_length=300)
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Put back (`ivb series break-restore`): the row stays as the record of both acts.
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by_name = models.CharField(max_length=150, blank=True)
    restore_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        # A NULL area (every area) is distinct from every other NULL in a unique index: the second constraint holds
        # one current removal for every area.
        constraints = [models.UniqueConstraint(fields=["series", "area", "date"], condition=Q(restored_at__isnull=True),
                                               name="one_current_break_removal"),
                       models.UniqueConstraint(fields=["series", "date"],
                                               condition=Q(area__isnull=True, restored_at__isnull=True),
                                               name="one_current_break_removal_everywhere")]
        ordering = ["series", "date"]
