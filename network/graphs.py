"""Graphs of organisations and their ties, measured with networkx and drawn as SVG."""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
from django.core.cache import cache
from django.db.models import Count, Max

from network.models import City, Membership, Network, Organisation, PlatformFigures, Tie

PALETTE = ["#1f5f99", "#b4451f", "#2e7d32", "#6a3d9a", "#8a6d00", "#00707a", "#a3246b", "#4f5b66"]


@dataclass
class GraphView:
    """What a page shows: nodes with positions, edges, and figures."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    # Names this state of the graph: the page caches its drawing under it too.
    key: str = ""


def _organisation_graph(organisations: list[Organisation], group_pairs: dict[tuple[int, int], int]) -> nx.Graph:
    graph = nx.Graph()
    for org in organisations:
        graph.add_node(org.pk, name=org.name, country=org.city.country_id, slug=org.slug, kind=org.kind)
    ids = set(graph.nodes)
    for (a, b), shared in group_pairs.items():
        graph.add_edge(a, b, groups=shared, declared=False)
    ties = Tie.objects.filter(source__in=ids, target__in=ids).values_list("source_id", "target_id")
    for a, b in ties:
        if graph.has_edge(a, b):
            graph[a][b]["declared"] = True
        else:
            graph.add_edge(a, b, groups=0, declared=True)
    return graph


def _shared_groups(organisation_ids: set[int], exclude_network: int | None) -> dict[tuple[int, int], int]:
    """Pairs of the given organisations that sit together in another group, with how many."""
    rows = Membership.objects.filter(organisation__in=organisation_ids)
    if exclude_network is not None:
        rows = rows.exclude(network_id=exclude_network)
    by_network: dict[int, list[int]] = defaultdict(list)
    for network_id, org_id in rows.values_list("network_id", "organisation_id"):
        by_network[network_id].append(org_id)
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for members in by_network.values():
        for a, b in combinations(sorted(members), 2):
            pairs[(a, b)] += 1
    return pairs


def measure(graph: nx.Graph, top: int = 5) -> dict[str, Any]:
    size = graph.number_of_nodes()
    if size == 0:
        return {
            "size": 0,
            "ties": 0,
            "density": 0.0,
            "cross_border": 0,
            "central": [],
            "isolated": [],
            "communities": [],
        }
    # Exact betweenness is quadratic; large graphs are sampled.
    sample = {"k": 200, "seed": 7} if size > 2000 else {}
    betweenness = nx.betweenness_centrality(graph, **sample)
    central = sorted(betweenness.items(), key=lambda item: (-item[1], graph.nodes[item[0]]["name"]))[:top]
    connected = graph.subgraph([n for n in graph.nodes if graph.degree(n) > 0])
    communities = nx.community.louvain_communities(connected, seed=7) if connected.number_of_edges() else []
    communities = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c))
    return {
        "size": size,
        "ties": graph.number_of_edges(),
        "declared_ties": sum(1 for *_e, d in graph.edges(data="declared") if d),
        "density": round(nx.density(graph), 3),
        "cross_border": sum(1 for a, b in graph.edges if graph.nodes[a]["country"] != graph.nodes[b]["country"]),
        "central": [
            {"id": n, "name": graph.nodes[n]["name"], "score": round(score, 3)} for n, score in central if score > 0
        ],
        "isolated": [graph.nodes[n]["name"] for n in sorted(nx.isolates(graph), key=lambda n: graph.nodes[n]["name"])],
        "communities": [[graph.nodes[n]["name"] for n in community] for community in communities],
    }


def _layout(graph: nx.Graph, width: int, height: int) -> dict[int, tuple[float, float]]:
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (width / 2, height / 2)}
    k = 1.6 / math.sqrt(graph.number_of_nodes())
    raw = nx.spring_layout(graph, seed=7, k=k, iterations=60)
    margin = 40
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        node: (
            margin + (x - min(xs)) / span_x * (width - 2 * margin),
            margin + (y - min(ys)) / span_y * (height - 2 * margin),
        )
        for node, (x, y) in raw.items()
    }


def _view(graph: nx.Graph, width: int = 720, height: int = 480) -> GraphView:
    figures = measure(graph)
    community_of = {}
    for index, community in enumerate(figures["communities"]):
        for name in community:
            community_of[name] = index
    positions = _layout(graph, width, height)
    nodes = [
        {
            "id": node,
            "name": data["name"],
            "slug": data["slug"],
            "kind": data["kind"],
            "x": round(positions[node][0], 1),
            "y": round(positions[node][1], 1),
            "degree": graph.degree(node),
            "colour": PALETTE[community_of.get(data["name"], 7) % len(PALETTE)],
            # Labels grow away from the nearer edge so they stay inside the drawing.
            "anchor": "start"
            if positions[node][0] < width / 3
            else "end"
            if positions[node][0] > 2 * width / 3
            else "middle",
        }
        for node, data in sorted(graph.nodes(data=True), key=lambda item: item[1]["name"])
    ]
    edges = [
        {
            "a": graph.nodes[a]["name"],
            "b": graph.nodes[b]["name"],
            "x1": round(positions[a][0], 1),
            "y1": round(positions[a][1], 1),
            "x2": round(positions[b][0], 1),
            "y2": round(positions[b][1], 1),
            "declared": data["declared"],
            "groups": data["groups"],
        }
        for a, b, data in graph.edges(data=True)
    ]
    edges.sort(key=lambda e: (e["a"], e["b"]))
    return GraphView(nodes=nodes, edges=edges, figures=figures)


def _stamp(*parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


def _build(organisations: list[Organisation], exclude_network: int | None) -> GraphView:
    pairs = _shared_groups({o.pk for o in organisations}, exclude_network=exclude_network)
    return _view(_organisation_graph(organisations, pairs))


def _cached(key: str, build: Callable[[], GraphView]) -> GraphView:
    """The graph stored under ``key`` (a digest of its state), built once when that state is new."""
    view = cache.get(key)
    if view is None:
        view = build()
        view.key = key
        cache.set(key, view, 60 * 60 * 24)
    return view


def network_graph(network: Network) -> GraphView:
    """The graph of a network's members, cached until its members or their ties change."""
    members = Organisation.objects.filter(memberships__network=network)
    state = members.aggregate(n=Count("id"), changed=Max("updated"))
    member_ids = Membership.objects.filter(network=network).values("organisation_id")
    # Two index-driven aggregates instead of one OR, which PostgreSQL answers with a full scan.
    tie_state = [
        Tie.objects.filter(**{f"{end}_id__in": member_ids}).aggregate(n=Count("id"), last=Max("id"))
        for end in ("source", "target")
    ]
    key = f"graph:network:{network.pk}:{_stamp(state, tie_state)}"
    return _cached(key, lambda: _build(list(members.select_related("city")), exclude_network=network.pk))


def city_graph(city: City) -> GraphView:
    """The graph of a city's organisations: same local group, or a declared collaboration."""
    organisations_qs = Organisation.objects.filter(city=city)
    state = organisations_qs.aggregate(n=Count("id"), changed=Max("updated"))
    tie_state = Tie.objects.filter(source__city=city).aggregate(n=Count("id"), last=Max("id"))
    member_state = Membership.objects.filter(organisation__city=city).aggregate(n=Count("id"), last=Max("id"))
    key = f"graph:city:{city.pk}:{_stamp(state, tie_state, member_state)}"
    return _cached(key, lambda: _build(list(organisations_qs.select_related("city")), exclude_network=None))


def platform_graph() -> nx.Graph:
    graph = nx.Graph()
    for pk, name, country in Organisation.objects.values_list("pk", "name", "city__country_id").iterator(5000):
        graph.add_node(pk, name=name, country=country)
    for a, b in Tie.objects.values_list("source_id", "target_id").iterator(5000):
        graph.add_edge(a, b)
    return graph


_figure_providers: list[Callable[[], dict[str, Any]]] = []


def register_figures(provider: Callable[[], dict[str, Any]]) -> None:
    """Apps above the network add their figures (participation: people reached) to the platform's."""
    if provider not in _figure_providers:
        _figure_providers.append(provider)


def store_platform_figures() -> PlatformFigures:
    """Measure the whole platform (background work: it reads every organisation and tie)."""
    graph = platform_graph()
    figures = measure(graph, top=10)
    figures["community_count"] = len(figures.pop("communities"))
    figures["isolated_count"] = len(figures.pop("isolated"))
    figures["cities"] = City.objects.count()
    figures["countries"] = City.objects.values("country").distinct().count()
    figures["networks"] = Network.objects.count()
    figures["memberships"] = Membership.objects.count()
    for provider in _figure_providers:
        figures.update(provider())
    return PlatformFigures.objects.create(figures=figures)
