"""Links from the audit to what was done about it in the apps above it (the agenda's measures).

The audit may not import those apps; they register a provider here when they start, and the audit
asks the providers when it shows peers and the challenge register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    note: str = ""


Provider = Callable[[list[int]], dict[int, list[Link]]]
_providers: dict[str, list[Provider]] = {"peer_actions": [], "challenge_actions": []}


def register(kind: str, provider: Provider) -> None:
    if provider not in _providers[kind]:
        _providers[kind].append(provider)


def _collect(kind: str, ids: Iterable[int]) -> dict[int, list[Link]]:
    ids = list(ids)
    found: dict[int, list[Link]] = {}
    if not ids:
        return found
    for provider in _providers[kind]:
        for key, links in provider(ids).items():
            found.setdefault(key, []).extend(links)
    return found


def peer_actions(city_ids: Iterable[int]) -> dict[int, list[Link]]:
    """Actions of each city (by id) that other cities may learn from."""
    return _collect("peer_actions", city_ids)


def challenge_actions(challenge_ids: Iterable[int]) -> dict[int, list[Link]]:
    """What answers each challenge (by id)."""
    return _collect("challenge_actions", challenge_ids)
