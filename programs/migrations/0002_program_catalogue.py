"""The Office's catalogue of programs, as its own descriptions give it. Staff add more in the admin."""

from django.db import migrations

CATALOGUE = [
    (
        "New-leader professional development",
        "Year-long professional development for first- and second-year principals, heads of school, assistant "
        "principals and admin team members, with facilitators from within and outside the district.",
        False,
        [("New Leader PD", "Year-long PD for first- and second-year school leaders and admin team members.")],
    ),
    (
        "Leadership Institute",
        "All the formal professional development for principals and assistant principals: monthly Leadership "
        "Conferences, monthly AP conferences, level-alike meetings and the Summer and Winter Institutes.",
        False,
        [
            ("Leadership Conference", "The monthly meeting of principals."),
            ("Assistant Principal Conference", "The monthly conference of assistant principals."),
            ("Level-alike Meeting", "Principals and APs of one school level learning together."),
            ("Summer Institute", "Four days for each school's instructional leadership team: vision-setting and "
             "systems-focused strategic planning for the year."),
            ("Winter Institute", "One day in early January: reflection and planning for the second semester."),
        ],
    ),
    (
        "Leadership Convening",
        "Two to four times a year every principal and assistant principal learn together, facilitated by their "
        "learning network support team and central office departments.",
        False,
        [("Leadership Convening", "All principals and assistant principals, 2-4 times a year.")],
    ),
    (
        "Racial-equity learning",
        "Every principal and assistant principal takes part in one of these each year.",
        True,
        [
            ("Self as Core", "Leaders' inner-standing of themselves and how systemic racism operates."),
            ("Micro Disruptions", "School-level norms, practices and structures that perpetuate inequities, and "
             "how to dismantle them."),
            ("Macro Disruptions", "System-level norms, practices and structures that perpetuate inequities, and "
             "how to dismantle them."),
            ("Equity Networked Improvement Community", "Equity leadership teams turning around professional "
             "learning for their staff, on goals from school-based equity audits."),
            ("Equity Leadership Think Tank", "Exemplary equity leaders mentoring each other with structured "
             "protocols."),
            ("Black Male Leadership Think Tank", "An affinity space for Black male leaders to mentor each other "
             "and learn together. Opt-in."),
        ],
    ),
    (
        "School-team coaching",
        "Teams across the three leadership tiers work on a school improvement initiative with team and individual "
        "coaching; spotlight sessions showcase effective practice.",
        False,
        [
            ("School-Team Coaching", "Team coaching sessions and role-specific individual coaching."),
            ("Spotlight Sessions", "Sessions that highlight effective practices across schools."),
        ],
    ),
]


def load(apps, schema_editor):
    ProgramKind = apps.get_model("programs", "ProgramKind")
    Program = apps.get_model("programs", "Program")
    for order, (kind_name, kind_description, is_equity, programs) in enumerate(CATALOGUE, start=1):
        kind, _ = ProgramKind.objects.get_or_create(
            name=kind_name,
            defaults={"description": kind_description, "is_equity_track": is_equity, "order": order},
        )
        for name, description in programs:
            Program.objects.get_or_create(name=name, defaults={"kind": kind, "description": description})


def unload(apps, schema_editor):
    names = [name for *_, programs in CATALOGUE for name, _ in programs]
    apps.get_model("programs", "Program").objects.filter(name__in=names, offerings__isnull=True).delete()
    apps.get_model("programs", "ProgramKind").objects.filter(
        name__in=[c[0] for c in CATALOGUE], programs__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
