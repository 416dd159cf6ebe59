from django.db import migrations


def load(apps, schema_editor):
    from wiredesk.taxonomy.loading import load as load_rows

    load_rows(
        apps.get_model("taxonomy", "Country"),
        apps.get_model("taxonomy", "Sector"),
        apps.get_model("taxonomy", "Edition"),
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
