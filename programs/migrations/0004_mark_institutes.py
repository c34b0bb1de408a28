"""Mark the shipped Summer and Winter Institute programs, which Call-to-Action plans point at."""

from django.db import migrations

INSTITUTES = {"Summer Institute": "summer", "Winter Institute": "winter"}


def mark(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    for name, institute in INSTITUTES.items():
        # Only where staff have not set it themselves; a renamed program is left for staff to mark.
        Program.objects.filter(name=name, institute="").update(institute=institute)


def unmark(apps, schema_editor):
    apps.get_model("programs", "Program").objects.filter(name__in=INSTITUTES).update(institute="")


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_school_teams")]
    operations = [migrations.RunPython(mark, unmark)]
