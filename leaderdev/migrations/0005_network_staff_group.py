"""Create the group of the network staff role (see leaderdev.permissions.Role.NETWORK_STAFF)."""

from django.db import migrations

GROUP = "Network staff"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("leaderdev", "0004_networksupportmember")]
    operations = [migrations.RunPython(create_group, remove_group)]
