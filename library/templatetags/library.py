"""The library's part of network pages: which practices travelled between the network's cities."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("library/includes/flows.html")
def practice_flows(network: Any = None, city: Any = None) -> dict[str, Any]:
    from library.views import practice_flows as flows

    data = flows(network_slug=network.slug if network is not None else None, city=city)
    return {**data, "network": network, "city": city}
