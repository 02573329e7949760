"""Every inspection that already has a stationing announcement gets its public petition page."""

import secrets

from django.db import migrations


def create_pages(apps, schema_editor):
    Announcement = apps.get_model("inspections", "StationingAnnouncement")
    Page = apps.get_model("petitions", "PetitionPage")
    have = set(Page.objects.values_list("inspection_id", flat=True))
    Page.objects.bulk_create([Page(inspection_id=i, slug=secrets.token_urlsafe(16))
                              for i in Announcement.objects.values_list("inspection_id", flat=True) if i not in have])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
