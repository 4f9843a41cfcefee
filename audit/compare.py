"""A city's profile against another city, the network average and its own earlier rounds; peers.

Everything here reads the profiles frozen rounds keep (``Round.profile``), so a comparison over
a thousand cities is a single query and arithmetic. Rounds compare across versions of one
framework by area code.

Peer suggestions: cities whose profile in an *earlier* round was close to this round's profile
(root-mean-square distance over the areas both have) and whose latest round has since improved
in this round's weakest areas. Ranked by that improvement minus the distance, so a very similar
city that improved a little can rank above a distant one that improved a lot.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Max

from audit import scoring
from audit.models import Round, RoundStatus

WEAKEST = 2


@dataclass
class Peer:
    city: Any
    then: dict[str, Any]  # the earlier round: id, title, year, areas
    now: dict[str, Any]  # the latest round
    distance: float
    improvement: dict[str, float] = field(default_factory=dict)
    resources: list[Any] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)  # audit.links.Link: measures that explain how

    @property
    def rank_score(self) -> float:
        return sum(self.improvement.values()) / max(1, len(self.improvement)) - self.distance

    @property
    def mean_improvement(self) -> float:
        return round(sum(self.improvement.values()) / max(1, len(self.improvement)), 1)


_profiles_cache: dict[tuple[Any, ...], dict[int, list[dict[str, Any]]]] = {}


def frozen_profiles(code: str) -> dict[int, list[dict[str, Any]]]:
    """City id → its frozen rounds on framework ``code`` (oldest first), each with its profile.

    Frozen rounds never change, so the result is kept in this process until a round is frozen,
    unfrozen or deleted (a count and the latest freeze time, read with one aggregate, tell).
    """
    frozen = Round.objects.filter(framework__code=code, status=RoundStatus.FROZEN)
    state = frozen.aggregate(n=Count("pk"), last=Max("frozen_at"), top=Max("pk"))
    key = (connection.alias, connection.settings_dict.get("NAME"), code, state["n"], state["last"], state["top"])
    cached = _profiles_cache.get(key)
    if cached is not None:
        return cached
    rows = frozen.order_by("city_id", "year", "pk").values_list("pk", "city_id", "title", "year", "profile")
    by_city: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pk, city_id, title, year, profile in rows:
        if profile:
            by_city[city_id].append({"pk": pk, "city_id": city_id, "title": title, "year": year, "profile": profile})
    _profiles_cache.clear()  # one framework's profiles at a time is plenty
    _profiles_cache[key] = by_city
    return by_city


def distance(a: dict[str, float | None], b: dict[str, float | None]) -> float | None:
    """Root-mean-square difference over the areas both profiles scored."""
    pairs = [(x, y) for code, x in a.items() if x is not None and (y := b.get(code)) is not None]
    if not pairs:
        return None
    return round(math.sqrt(sum((x - y) ** 2 for x, y in pairs) / len(pairs)), 1)


def network_average(by_city: dict[int, list[dict[str, Any]]], exclude: int | None = None) -> dict[str, float]:
    """Mean area scores over each city's latest frozen round (areas a round left unscored are skipped)."""
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for city_id, rounds in by_city.items():
        if city_id == exclude:
            continue
        for code, score in rounds[-1]["profile"]["areas"].items():
            if score is not None:
                sums[code] += score
                counts[code] += 1
    return {code: round(sums[code] / counts[code], 1) for code in sums}


def weakest_areas(areas: dict[str, float | None], count: int = WEAKEST) -> list[str]:
    scored = sorted((score, code) for code, score in areas.items() if score is not None)
    return [code for _score, code in scored[:count]]


def peers(
    assessment: Round,
    limit: int = 5,
    by_city: dict[int, list[dict[str, Any]]] | None = None,
    mine: dict[str, float | None] | None = None,
) -> list[Peer]:
    """``mine``: the round's area scores when the caller has them (an open round is scored live)."""
    from network.models import City

    mine = scoring.profile(assessment)["areas"] if mine is None else mine
    weak = weakest_areas(mine)
    if not weak:
        return []
    by_city = frozen_profiles(assessment.framework.code) if by_city is None else by_city
    found: list[Peer] = []
    for city_id, rounds in by_city.items():
        if city_id == assessment.city_id or len(rounds) < 2:
            continue
        latest = rounds[-1]
        best: Peer | None = None
        for earlier in rounds[:-1]:
            gap = distance(mine, earlier["profile"]["areas"])
            if gap is None:
                continue
            improvement = {}
            for code in weak:
                before = earlier["profile"]["areas"].get(code)
                after = latest["profile"]["areas"].get(code)
                if before is not None and after is not None:
                    improvement[code] = round(after - before, 1)
            if not improvement or sum(improvement.values()) <= 0:
                continue
            candidate = Peer(city=city_id, then=earlier, now=latest, distance=gap, improvement=improvement)
            if best is None or candidate.rank_score > best.rank_score:
                best = candidate
        if best is not None:
            found.append(best)
    found.sort(key=lambda peer: (-peer.rank_score, peer.distance))
    found = found[:limit]
    cities = City.objects.in_bulk([peer.city for peer in found])
    for peer in found:
        peer.city = cities[peer.city]
    return found
