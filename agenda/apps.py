from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Lab and agenda")

    def ready(self) -> None:
        from agenda import hooks

        hooks.connect()
