from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    """Countries, sectors and editions: the vocabulary every later stage tags with."""

    name = "wiredesk.taxonomy"
    verbose_name = "Taxonomy"
