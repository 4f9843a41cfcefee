"""What the agenda lends to the apps below it, which may not import it: measures for the audit's pages."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from agenda.models import PUBLIC_STATUSES, Measure, MeasureStatus
from audit import links

PEER_ACTIONS = 3


def peer_actions(city_ids: list[int]) -> dict[int, list[links.Link]]:
    """Each city's measures worth learning from: flagged examples first, then done, then on track."""
    rank = Case(
        When(is_example=True, then=Value(0)),
        When(status=MeasureStatus.DONE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    measures = (
        Measure.objects.filter(agenda__city__in=city_ids, agenda__status__in=PUBLIC_STATUSES)
        .filter(status__in=(MeasureStatus.DONE, MeasureStatus.ON_TRACK))
        .annotate(rank=rank)
        .select_related("agenda")
        .order_by("rank", "-last_reported", "pk")
    )
    found: dict[int, list[links.Link]] = {}
    for measure in measures[: PEER_ACTIONS * len(city_ids) * 3]:
        actions = found.setdefault(measure.agenda.city_id, [])
        if len(actions) < PEER_ACTIONS:
            actions.append(links.Link(measure.title, measure.get_absolute_url(), measure.get_status_display()))
    return found


def challenge_actions(challenge_ids: list[int]) -> dict[int, list[links.Link]]:
    """The measures of agendas out of draft that answer each challenge (the register is public)."""
    through = Measure.challenges.through.objects.filter(
        challenge_id__in=challenge_ids, measure__agenda__status__in=PUBLIC_STATUSES
    ).select_related("measure")
    found: dict[int, list[links.Link]] = {}
    for row in through.order_by("measure__start", "measure_id"):
        measure = row.measure
        found.setdefault(row.challenge_id, []).append(
            links.Link(measure.title, measure.get_absolute_url(), measure.get_status_display())
        )
    return found


def connect() -> None:
    links.register("peer_actions", peer_actions)
    links.register("challenge_actions", challenge_actions)
