from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    """Countries, sectors and editions: the vocabulary every later stage tags with."""

    name = "wiredesk.taxonomy"
    verbose_name = "Taxonomy"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from wiredesk.taxonomy import models

        # A change saved here is seen at once by drafting in this process.
        for sender in (models.Sector,):
            for signal in (post_save, post_delete):
                signal.connect(models.sector_slugs.forget, sender=sender)
        for signal in (post_save, post_delete):
            signal.connect(models.country_areas.forget, sender=models.Country)
        for sender in (models.Edition,):
            for signal in (post_save, post_delete):
                signal.connect(models.edition_areas.forget, sender=sender)
        for sender in (
            models.Edition.regions.through,
            models.Edition.countries.through,
        ):
            m2m_changed.connect(models.edition_areas.forget, sender=sender)
