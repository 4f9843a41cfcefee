"""Audit evidence photos: the checks live in ``library.photos``, shared with participation's photovoice."""

from __future__ import annotations

from library.photos import clean_photo, gps_position

__all__ = ["clean_photo", "gps_position"]
