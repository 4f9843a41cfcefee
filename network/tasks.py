"""Background work of the network app."""

from __future__ import annotations

from django_tasks import task

from lib import emails
from network.models import Invitation


@task()
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    emails.send(
        "invitation",
        invitation.email,
        {"invitation": invitation, "organisation": invitation.organisation},
        language=invitation.language,
    )


@task()
def compute_platform_figures() -> int:
    from network.graphs import store_platform_figures

    return store_platform_figures().pk
