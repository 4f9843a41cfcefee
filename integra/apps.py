from __future__ import annotations

from django.apps import AppConfig


class IntegraConfig(AppConfig):
    name = "integra"
    verbose_name = "Integra"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from integra import pagecache

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(pagecache.bump, dispatch_uid=f"pagecache-{signal!r}")
