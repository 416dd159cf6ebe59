"""The four footer pages, with honest starting text that staff then edit."""

from django.db import migrations

PAGES = [
    ("about", "About us", "<p>This site publishes news from agency wires, edited "
     "and checked by our desk. Staff can edit this page in the desk.</p>"),
    ("contact", "Contact", "<p>To reach the desk, write to the address the site's "
     "staff publish here. Staff can edit this page in the desk.</p>"),
    ("terms", "Terms of use", "<p>The terms under which this site may be used. "
     "Staff can edit this page in the desk.</p>"),
    ("privacy", "Privacy", "<p>This site keeps no personal data about readers who "
     "only read. Staff can edit this page in the desk.</p>"),
]  # fmt: skip


def create_pages(apps, schema_editor) -> None:
    Page = apps.get_model("desk", "Page")
    for slug, title, body in PAGES:
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body_html": body})


class Migration(migrations.Migration):
    dependencies = [("reader", "0001_search_entry"), ("desk", "0003_authors_briefs_pins_pages")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
