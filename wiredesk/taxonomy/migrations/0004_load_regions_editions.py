from django.db import migrations


def load(apps, schema_editor):
    """M49 regions, each country's regions, the regional editions and their areas."""
    from wiredesk.taxonomy.loading import load as load_rows

    load_rows(
        apps.get_model("taxonomy", "Country"),
        apps.get_model("taxonomy", "Sector"),
        apps.get_model("taxonomy", "Edition"),
        apps.get_model("taxonomy", "Region"),
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_regions_editions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
