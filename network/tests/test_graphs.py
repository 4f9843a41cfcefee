from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from django.test import Client

from integra.testing import Cast, make_organisation
from network.graphs import measure, network_graph, store_platform_figures
from network.models import Membership, PlatformFigures, Tie


def _graph(nodes: dict[int, str], edges: list[tuple[int, int]]) -> nx.Graph:
    graph = nx.Graph()
    for node, country in nodes.items():
        graph.add_node(node, name=f"org {node}", country=country)
    graph.add_edges_from(edges, declared=True, groups=0)
    return graph


def test_it_measures_size_density_and_cross_border_ties() -> None:
    graph = _graph({1: "CZ", 2: "CZ", 3: "BG", 4: "IT"}, [(1, 2), (2, 3)])
    figures = measure(graph)
    assert figures["size"] == 4
    assert figures["ties"] == 2
    assert figures["density"] == round(2 / 6, 3)
    assert figures["cross_border"] == 1
    assert figures["isolated"] == ["org 4"]


def test_it_finds_the_broker_as_most_central() -> None:
    graph = _graph({n: "CZ" for n in range(1, 6)}, [(1, 3), (2, 3), (3, 4), (3, 5)])
    assert measure(graph)["central"][0]["name"] == "org 3"


def test_it_finds_two_communities_in_two_cliques() -> None:
    left = [(1, 2), (1, 3), (2, 3)]
    right = [(4, 5), (4, 6), (5, 6)]
    graph = _graph({n: "CZ" for n in range(1, 7)}, [*left, *right, (3, 4)])
    communities = measure(graph)["communities"]
    assert sorted(map(sorted, communities)) == [["org 1", "org 2", "org 3"], ["org 4", "org 5", "org 6"]]


def test_it_draws_the_network_graph_as_accessible_svg_with_a_table(client: Client, cast: Cast) -> None:
    response = client.get("/en/networks/integra/graph/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="group"' in page and '<title id="graph-title">' in page
    assert page.count("<circle") == 2
    assert "<table>" in page and "Sofia Development Association" in page
    assert response.context["graph"].figures["cross_border"] == 1


def test_it_draws_the_city_graph_with_same_group_ties(client: Client, cast: Cast) -> None:
    response = client.get("/en/cities/prague/graph/")
    graph = response.context["graph"]
    # Three Prague members of the SIG form a triangle of same-group ties.
    assert graph.figures["size"] == 3
    assert graph.figures["ties"] == 3
    assert all(not edge["declared"] for edge in graph.edges)


def test_it_refreshes_the_cached_graph_when_ties_change(cast: Cast) -> None:
    assert network_graph(cast.sig).figures["ties"] == 0
    Tie.objects.create(source=cast.ngo, target=cast.school)
    assert network_graph(cast.sig).figures["ties"] == 1


def test_it_serves_a_cached_graph_without_recomputing(cast: Cast, django_assert_max_num_queries: Any) -> None:
    network_graph(cast.sig)
    # Only the cache key is read: the members' state and the ties at either end.
    with django_assert_max_num_queries(3):
        network_graph(cast.sig)


def test_it_stores_platform_figures_in_the_background(client: Client, cast: Cast) -> None:
    from network.tasks import compute_platform_figures

    assert client.get("/en/figures/").context["latest"] is None
    compute_platform_figures.enqueue()
    figures = PlatformFigures.objects.get().figures
    assert figures["size"] == 4 and figures["ties"] == 1 and figures["cross_border"] == 1
    assert figures["networks"] == 2 and figures["memberships"] == Membership.objects.count()
    assert client.get("/en/figures/").context["latest"].figures == figures


def test_it_lets_only_platform_admins_trigger_a_recompute(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    assert client.post("/en/figures/refresh/").status_code == 403
    client.force_login(cast.admin)
    assert client.post("/en/figures/refresh/").status_code == 302
    assert PlatformFigures.objects.count() == 1


@pytest.mark.parametrize("members", [5, 40])
def test_it_keeps_graph_queries_constant(
    client: Client, cast: Cast, members: int, django_assert_max_num_queries: Any
) -> None:
    for n in range(members):
        organisation = make_organisation(cast.prague, f"Member {n}")
        Membership.objects.create(network=cast.sig, organisation=organisation)
    with django_assert_max_num_queries(10):
        client.get("/en/networks/sig-prague/graph/")


def test_store_platform_figures_counts_isolated(cast: Cast) -> None:
    make_organisation(cast.sofia, "Lonely NGO")
    figures = store_platform_figures().figures
    assert figures["isolated_count"] == 3


def test_the_cron_command_queues_the_figures(cast: Cast) -> None:
    import io

    from django.core.management import call_command

    call_command("compute_figures", stdout=io.StringIO())
    assert PlatformFigures.objects.count() == 1


def test_the_home_page_shows_the_background_figures(client: Client, cast: Cast) -> None:
    assert b"figures-heading" not in client.get("/en/").content
    store_platform_figures()
    page = client.get("/en/").content.decode()
    assert "figures-heading" in page
    assert "<dt>Organisations</dt><dd>4</dd>" in page and "<dt>Cross-border ties</dt><dd>1</dd>" in page


def test_the_graph_page_redraws_when_ties_change(client: Client, cast: Cast) -> None:
    first = client.get("/en/networks/sig-prague/graph/").content.decode()
    assert first.count("<line ") == 0
    Tie.objects.create(source=cast.ngo, target=cast.school)
    second = client.get("/en/networks/sig-prague/graph/").content.decode()
    assert second.count("<line ") == 1
    czech = client.get("/cs/networks/sig-prague/graph/").content.decode()
    assert 'href="/cs/organisations/' in czech and 'href="/en/organisations/' not in czech


def test_the_graph_keeps_dots_in_its_coordinates_in_czech(client: Client, cast: Cast) -> None:
    import re

    html = client.get("/cs/networks/sig-prague/graph/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    coordinates = re.findall(r'\b(?:x1|y1|x2|y2|cx|cy|x|y)="([^"]*)"', svg)
    assert coordinates
    assert [value for value in coordinates if "," in value] == []
