"""Machine translation as a pluggable backend; the shipped one talks to a LibreTranslate-compatible server.

Off unless the operator sets ``MACHINE_TRANSLATION_URL``. Machine text is stored with provenance
``machine`` and labelled wherever it is shown or exported.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TranslationUnavailable(Exception):
    message = _("Machine translation is not available right now.")


class Engine(Protocol):
    def translate(self, text: str, source: str, target: str, html: bool = False) -> str: ...


class LibreTranslate:
    def __init__(self, url: str, api_key: str = "", timeout: int = 30) -> None:
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, text: str, source: str, target: str, html: bool = False) -> str:
        if not text.strip():
            return text
        payload = {"q": text, "source": source, "target": target, "format": "html" if html else "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 - the operator configures this address
            self.url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
            raise TranslationUnavailable() from error
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str):
            raise TranslationUnavailable()
        return translated


def available() -> bool:
    return bool(settings.MACHINE_TRANSLATION_URL)


def engine() -> Engine:
    if not available():
        raise TranslationUnavailable()
    return LibreTranslate(
        settings.MACHINE_TRANSLATION_URL, settings.MACHINE_TRANSLATION_API_KEY, settings.MACHINE_TRANSLATION_TIMEOUT
    )
