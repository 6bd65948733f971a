"""The confidential register for undermining crime: signals, cases, measures, and the audit trail.

Status changes follow the tables below, checked by the models themselves. Every act is written through
`ivb.register.services`, which records an audit event in the same transaction.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalStatus(models.TextChoices):
    NEW = "nieuw", "nieuw"
    MORE_INFO = "meer informatie gevraagd", "meer informatie gevraagd"
    REJECTED = "afgewezen", "afgewezen"
    LINKED = "gekoppeld", "gekoppeld aan een casus"


# What the reporter reads of their own signal's status: that it is taken up, never that a case exists (a reporter
# who learns of an investigation could tip off its subject; walk U).
# What the reporter reads: "nieuw" is the team's word (to look at), and came back after the reporter answered a
# question as if nothing had happened (walk of 4 December); the reporter's signal is "ontvangen".
REPORTER_STATUS = {SignalStatus.LINKED.value: "in behandeling", SignalStatus.NEW.value: "ontvangen"}


class CaseStatus(models.TextChoices):
    OPEN = "open", "open"
    INVESTIGATING = "in onderzoek", "in onderzoek"
    MEASURES = "maatregel", "maatregel"
    CLOSED = "gesloten", "gesloten"


SIGNAL_TRANSITIONS: dict[str, frozenset[str]] = {
    SignalStatus.NEW: frozenset({SignalStatus.MORE_INFO, SignalStatus.REJECTED, SignalStatus.LINKED}),
    SignalStatus.MORE_INFO: frozenset({SignalStatus.NEW, SignalStatus.REJECTED, SignalStatus.LINKED}),
    SignalStatus.REJECTED: frozenset(),
    SignalStatus.LINKED: frozenset(),
}
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.INVESTIGATING, CaseStatus.CLOSED}),
    CaseStatus.INVESTIGATING: frozenset({CaseStatus.MEASURES, CaseStatus.CLOSED}),
    CaseStatus.MEASURES: frozenset({CaseStatus.INVESTIGATING, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.INVESTIGATING}),  # reopened
}

kvk_number = RegexValidator(r"^\d{8}$", "een KvK-nummer heeft 8 cijfers")


class _Transitions(models.Model):
    """Refuses a status change the table does not allow, whoever calls save()."""

    TRANSITIONS: dict[str, frozenset[str]] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            old = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if old is not None and old != self.status and self.status not in self.TRANSITIONS.get(old, ()):
                raise ValidationError(f"van '{old}' naar '{self.status}' kan niet")
        super().save(*args, **kwargs)


class Case(_Transitions):
    TRANSITIONS = CASE_TRANSITIONS

    class Subject(models.TextChoices):
        PREMISES = "pand", "pand"
        COMPANY = "bedrijf", "bedrijf"
        PERSON = "persoon", "persoon"

    municipality = models.ForeignKey("store.Area", on_delete=models.PROTECT, related_name="cases")
    subject_kind = models.CharField(max_length=10, choices=Subject.choices)
    subject = models.CharField(max_length=300)
    phenomena = models.JSONField(default=list, blank=True)
    partners = models.JSONField(default=list, blank=True)
    deadline = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cases")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    restricted_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="restricted_cases",
                                           help_text="empty: every holder of the ondermijning role may see it")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)


class Signal(_Transitions):
    TRANSITIONS = SIGNAL_TRANSITIONS

    municipality = models.ForeignKey("store.Area", on_delete=models.PROTECT, related_name="signals")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signals")
    team = models.CharField(max_length=100)
    what = models.TextField()
    address = models.CharField(max_length=300, blank=True)
    premises = models.CharField(max_length=300, blank=True)
    company = models.CharField(max_length=300, blank=True)
    kvk = models.CharField(max_length=8, blank=True, validators=[kvk_number])
    observed_on = models.DateField()
    status = models.CharField(max_length=30, choices=SignalStatus.choices, default=SignalStatus.NEW)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="signals")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True, help_text="why the team rejected it; purged with the signal")
    # When it was linked to its case: a link to a closed case extends the case's retention term.
    linked_at = models.DateTimeField(null=True, blank=True)

    @property
    def reporter_status(self) -> str:
        """The status as its reporter reads it (REPORTER_STATUS): "in behandeling" for a signal in a case."""
        return REPORTER_STATUS.get(self.status, self.get_status_display())


class BibobAdvice(models.TextChoices):
    """The three degrees of danger in Wet Bibob art. 3."""

    NONE = "geen gevaar", "geen gevaar"
    LESSER = "mindere mate van gevaar", "mindere mate van gevaar"
    SERIOUS = "ernstig gevaar", "ernstig gevaar"


class Measure(models.Model):
    class Kind(models.TextChoices):
        WARNING = "bestuurlijke waarschuwing", _("bestuurlijke waarschuwing")
        CLOSURE = "sluiting", _("sluiting")
        BIBOB = "bibob", _("Bibob-onderzoek")
        OTHER = "overig", _("overige maatregel")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    legal_basis = models.CharField(max_length=200, blank=True, help_text="e.g. Opiumwet art. 13b, Gemeentewet art. 174a")
    decision_date = models.DateField()
    document_reference = models.CharField(max_length=200)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    # A Bibob screening: when the advice was asked of the Landelijk Bureau Bibob, and what it advised.
    requested_on = models.DateField(null=True, blank=True)
    advice = models.CharField(max_length=40, blank=True, choices=BibobAdvice.choices)
    created_at = models.DateTimeField(auto_now_add=True)


class SignalMessage(models.Model):
    """A question from team veiligheid to the reporter, or the reporter's answer. The reporter sees these
    for their own signal; they say nothing about a case."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    from_team = models.BooleanField()
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class CaseNote(models.Model):
    """A note on a case: appended, never edited, so the case file reads as it was written."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Attachment(models.Model):
    """A file with a signal or a case, kept in the database so it shares the record's transaction, access
    checks and retention. The type is what the bytes are, not what the browser claimed."""

    signal = models.ForeignKey(Signal, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(signal__isnull=False, case__isnull=True) | models.Q(signal__isnull=True, case__isnull=False),
            name="attachment_belongs_to_one_record")]


class AuditEvent(models.Model):
    """Append-only. Each event's hash covers its content and the previous event's hash, so an edited, deleted
    or inserted event breaks the chain (`ivb audit verify`). Details never hold register content.

    A read (a view, list, search or export) is written without the chain's lock: it waits with no position
    (`seq` empty, no previous hash, its hash over its own content) until the next change or audit page seals
    it into the chain (`ivb.register.audit`)."""

    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    actor_name = models.CharField(max_length=150)
    municipality = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=30)
    object_kind = models.CharField(max_length=30)
    object_id = models.CharField(max_length=40, blank=True)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which fields the hash covers (see `ivb.register.audit`): 1 for events written before the actor's
    # account was covered, 2 since.
    version = models.PositiveSmallIntegerField(default=1)
    # The position in the chain, 1 for the first event; empty for a read not yet sealed into it. Not unique:
    # a doubled position is a finding of `verify`, never a write that fails.
    seq = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["pk"]


class AuditHead(models.Model):
    """One row: the hash of the newest event in the chain. Locked while appending a change or sealing reads, so
    two appends cannot fork the chain; compared by `verify`, so deleting the newest events is detected too."""

    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)


class AuditCheckpoint(models.Model):
    """One row: how far the chain was last found intact, so the audit page checks only what came after it.
    Not a guarantee against someone who can write the database (they can move it too): `ivb audit verify`
    checks the whole chain and the anchors kept elsewhere."""

    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField()
    # The newest signal and case whose creation was found in the chain: newer ones are looked up after it.
    newest_signal = models.BigIntegerField(default=0)
    newest_case = models.BigIntegerField(default=0)
    full_at = models.DateTimeField(help_text="when the whole chain was last walked")
    at = models.DateTimeField(help_text="when the checkpoint was last moved")


class RegisterAccess(models.Model):
    """Access to the register, granted per municipality on top of (and apart from) the ordinary role:
    team veiligheid handles signals and cases; the privacy officer reads the audit trail."""

    class Kind(models.TextChoices):
        TEAM = "ondermijning", _("team ondermijning")
        PRIVACY = "privacy", _("privacyfunctionaris")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="register_access")
    municipality = models.ForeignKey("store.Area", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "municipality", "kind"], name="one_register_grant")]


class DeletionRecord(models.Model):
    """That something was removed under a retention rule: what kind, when, under which rule, by whom.
    Never what it contained."""

    kind = models.CharField(max_length=30)
    municipality = models.CharField(max_length=20)
    rule = models.CharField(max_length=200)
    deleted_at = models.DateTimeField(auto_now_add=True)
    deleted_by = models.CharField(max_length=150)


class PurgedCount(models.Model):
    """Counts of removed records per year, so the policy's yearly counts survive a purge."""

    municipality = models.ForeignKey("store.Area", on_delete=models.PROTECT)
    series_key = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "series_key", "year"], name="one_purged_count")]
