from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation: an organisation admin invites people by email."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(request.session.get("invitation_token"))
