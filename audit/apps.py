from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("City integration audit")

    def ready(self) -> None:
        from network.services import register_personal_data

        register_personal_data(personal_data)


def personal_data(user: Any) -> dict[str, Any]:
    """What a person answered in assessment rounds, for their data export."""
    from audit.models import Answer

    answers = Answer.objects.filter(respondent__user=user).select_related(
        "round__city", "question", "option", "respondent__organisation"
    )
    return {
        "audit_answers": [
            {
                "round": str(answer.round),
                "organisation": answer.respondent.organisation.name,
                "question": answer.question.code,
                "answer": answer.display(),
                "comment": answer.comment,
                "evidence": answer.evidence,
                "updated": answer.updated.isoformat(),
            }
            for answer in answers
        ]
    }
