"""One approved report per municipality and year, whatever its language (ADR 0009, note of 3 December 2026).

A database may already hold two approvals of one year in different languages: the old constraint allowed one
per language. Nothing is deleted: the first approval of a year (the earliest, then the lowest id) stays the
approved report, any later one is marked `set_aside`, so the new constraint holds and the migration cannot fail
on existing rows."""

from django.db import migrations, models


def set_aside_later_approvals(apps, schema_editor):
    Report = apps.get_model("report", "Report")
    first: set[tuple[int, int]] = set()
    for report in Report.objects.order_by("municipality_id", "year", "approved_at", "pk").only(
            "municipality_id", "year"):
        key = (report.municipality_id, report.year)
        if key in first:
            Report.objects.filter(pk=report.pk).update(set_aside=True)
        else:
            first.add(key)


class Migration(migrations.Migration):

    dependencies = [
        ("report", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="set_aside",
            field=models.BooleanField(default=False, help_text="a second approval of a year, in another language; "
                                                               "kept for the record, never shown as the approved report"),
        ),
        migrations.RunPython(set_aside_later_approvals, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="report", name="one_frozen_report"),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(condition=models.Q(("set_aside", False)), fields=("municipality", "year"),
                                               name="one_approved_report_per_year"),
        ),
    ]
