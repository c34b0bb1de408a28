"""The two Massachusetts DESE administrator licenses the Office supports, with their checklists.

Installed as rows the licensure team then maintains in the admin (edit a description, retire a
requirement, add one): loading never overwrites what is there, and the reverse removes only the rows it
added and no one has used since (requirements without progress, licenses without pursuits). The demo
data and the README refer to the licenses by their codes, `dese-principal-ap` and
`dese-supervisor-director`.

The requirements follow DESE's route to an Initial administrator license (603 CMR 7.00): a bachelor's
degree, three years under an educator license, the Communication & Literacy Skills test, an approved
preparation program with its practicum (500 hours for Principal/Assistant Principal, 300 for
Supervisor/Director), the Performance Assessment for Leaders (principals and APs) and the Sheltered
English Immersion administrator endorsement.
"""

from decimal import Decimal

from django.db import migrations

DEGREE = (
    "other",
    "Bachelor's degree",
    "A bachelor's degree from an accredited college or university. Evidence: an official or unofficial "
    "transcript showing the degree conferred, or a copy of the diploma.",
    None,
)
EMPLOYMENT = (
    "other",
    "Three years of employment under an educator license",
    "Three years of employment in a role that requires an educator license (teacher, counselor, specialist "
    "...). Evidence: a letter from Human Resources (or from each employer) with your role, license and dates "
    "of employment.",
    None,
)
CLST = (
    "test",
    "Communication & Literacy Skills MTEL",
    "A passing score on the Communication and Literacy Skills test (both subtests, reading and writing). "
    "Evidence: your MTEL score report, as a PDF or a link to it in your MTEL account.",
    None,
)
SEI = (
    "endorsement",
    "SEI Administrator Endorsement",
    "The Sheltered English Immersion endorsement for administrators, earned through the DESE-approved SEI "
    "administrator course. Evidence: the course completion certificate, or the endorsement shown on your "
    "ELAR license record.",
    None,
)


def _program(role: str) -> tuple:
    return (
        "coursework",
        "Approved administrator preparation program coursework",
        f"The coursework of a DESE-approved {role} preparation program (university, district or "
        "organisation-based). Evidence: a transcript or a letter from the program listing the courses "
        "completed; submit it once the coursework is done.",
        None,
    )


def _practicum(hours: int, role: str) -> tuple:
    return (
        "practicum",
        f"Practicum, {hours} hours",
        f"A practicum of at least {hours} hours in the role of {role}, supervised by your program and a "
        "licensed administrator on site. Record your hours as you go. Evidence: your signed practicum log, "
        "and at the end the program's practicum completion form.",
        (Decimal(hours), "hours"),
    )


PAL_TASKS = [
    ("Leadership for Learning", "developing and implementing a plan to improve teaching and learning"),
    ("Family and Community Engagement", "engaging families and community partners in students' learning"),
    ("Supporting Staff Development", "leading professional development for a team of teachers"),
    ("Observing, Analyzing and Providing Feedback to Teachers", "observing instruction and giving feedback"),
]


def _pal(number: int, name: str, about: str) -> tuple:
    return (
        "performance_task",
        f"Performance Assessment for Leaders: Task {number}, {name}",
        f"PAL Task {number}, {about}, submitted to the state and scored. Evidence: the submission "
        "confirmation and, once scored, the score report.",
        None,
    )


LICENSES = [
    (
        "dese-principal-ap",
        "Principal/Assistant Principal (Initial)",
        "The Massachusetts Initial license for principals and assistant principals, all levels (PreK-8, "
        "5-12 or all grades), granted by DESE.",
        [
            DEGREE,
            EMPLOYMENT,
            CLST,
            _program("Principal/Assistant Principal"),
            _practicum(500, "principal or assistant principal"),
            *[_pal(number, name, about) for number, (name, about) in enumerate(PAL_TASKS, start=1)],
            SEI,
        ],
    ),
    (
        "dese-supervisor-director",
        "Supervisor/Director (Initial)",
        "The Massachusetts Initial license for supervisors and directors (a subject area, special education, "
        "guidance, ...), granted by DESE.",
        [
            DEGREE,
            EMPLOYMENT,
            CLST,
            _program("Supervisor/Director"),
            _practicum(300, "supervisor or director"),
            SEI,
        ],
    ),
]


def load(apps, schema_editor):
    LicenseType = apps.get_model("licensure", "LicenseType")
    Requirement = apps.get_model("licensure", "Requirement")
    for code, name, description, requirements in LICENSES:
        license_type, created = LicenseType.objects.get_or_create(
            code=code, defaults={"name": name, "authority": "DESE", "description": description}
        )
        if not created:
            continue  # staff own it now; never overwrite their edits
        for order, (kind, title, text, amount) in enumerate(requirements, start=1):
            target, unit = amount or (None, "")
            Requirement.objects.create(
                license_type=license_type,
                kind=kind,
                title=title,
                description=text,
                order=order * 10,  # room for the team to insert an item between two
                target_amount=target,
                unit=unit,
                evidence_required=True,
            )


def unload(apps, schema_editor):
    LicenseType = apps.get_model("licensure", "LicenseType")
    Requirement = apps.get_model("licensure", "Requirement")
    for code, _name, _description, requirements in LICENSES:
        titles = [title for _kind, title, _text, _amount in requirements]
        Requirement.objects.filter(license_type__code=code, title__in=titles, progress__isnull=True).delete()
        LicenseType.objects.filter(code=code, pursuits__isnull=True, requirements__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("licensure", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
