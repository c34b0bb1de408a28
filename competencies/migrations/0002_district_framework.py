"""Ship the district's framework: the Unified Set of BPS Leader Competencies, version 4 (active), its
four-level proficiency scale, and the network's implementation rubric systems.

The framework's content is read from competencies/data/bps_leader_competencies_v4.json, which holds the
wording exactly as the district published it (4 domains, 16 competencies, 1.1 to 4.5) and its framing.
"""

import datetime
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "bps_leader_competencies_v4.json"

SCALE = "Four-level leader proficiency"
LEVELS = [
    (1, "Beginning", "Aware of the practice and starting to try it."),
    (2, "Developing", "Uses the practice sometimes, with support."),
    (3, "Proficient", "Uses the practice consistently and well."),
    (4, "Exemplary", "Models the practice and develops it in others."),
]

SYSTEMS = [
    ("Instructional leadership team", "A team that leads the school's instructional vision and meets with purpose.", ["4.1", "4.2"]),
    ("Data cycles", "Regular cycles of collecting, analysing and acting on data from many sources.", ["3.1", "3.2", "3.4"]),
    ("Teacher professional learning", "Job-embedded learning, observation and feedback for every teacher.", ["2.4", "3.3", "4.5"]),
    ("Culture and climate", "A safe, welcoming, culturally responsive school where every student belongs.", ["1.3", "2.3"]),
    ("Family and community engagement", "Families and communities as co-owners of learning.", ["1.2"]),
    ("Operations", "Schedules, budget, staffing and facilities that serve the instructional vision.", ["4.3", "4.4"]),
]


def load(apps, schema_editor):
    Framework = apps.get_model("competencies", "Framework")
    FrameworkVersion = apps.get_model("competencies", "FrameworkVersion")
    Domain = apps.get_model("competencies", "Domain")
    Competency = apps.get_model("competencies", "Competency")
    ProficiencyScale = apps.get_model("competencies", "ProficiencyScale")
    ProficiencyLevel = apps.get_model("competencies", "ProficiencyLevel")
    ImplementationSystem = apps.get_model("competencies", "ImplementationSystem")

    data = json.loads(DATA.read_text(encoding="utf-8"))
    scale, _ = ProficiencyScale.objects.get_or_create(
        name=SCALE, defaults={"description": "The default scale: four levels from Beginning to Exemplary."}
    )
    for value, label, description in LEVELS:
        ProficiencyLevel.objects.get_or_create(scale=scale, value=value, defaults={"label": label, "description": description})

    framework, _ = Framework.objects.get_or_create(name=data["framework"])
    version, created = FrameworkVersion.objects.get_or_create(
        framework=framework,
        label=data["version"],
        defaults={
            "status": "active",
            "description": data["description"],
            "scale": scale,
            "published_on": datetime.date.fromisoformat(data["published_on"]),
        },
    )
    by_code = {}
    if created:
        for d in data["domains"]:
            domain = Domain.objects.create(
                version=version, number=d["number"], title=d["title"], description=d["description"]
            )
            for c in d["competencies"]:
                competency = Competency.objects.create(domain=domain, number=c["number"], statement=c["statement"])
                by_code[f"{d['number']}.{c['number']}"] = competency

    for order, (name, description, codes) in enumerate(SYSTEMS, start=1):
        system, made = ImplementationSystem.objects.get_or_create(
            name=name, defaults={"description": description, "order": order}
        )
        if made and by_code:
            system.competencies.set([by_code[code] for code in codes])


def unload(apps, schema_editor):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    apps.get_model("competencies", "ImplementationSystem").objects.filter(name__in=[s[0] for s in SYSTEMS]).delete()
    apps.get_model("competencies", "FrameworkVersion").objects.filter(
        framework__name=data["framework"], label=data["version"]
    ).delete()
    apps.get_model("competencies", "Framework").objects.filter(name=data["framework"], versions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
