"""A small framework for tests (here and in the site-wide tests)."""

from __future__ import annotations

import copy
from typing import Any

LANGS = ("en", "bg", "cs", "hr", "it", "sk")


def texts(english: str) -> dict[str, str]:
    return {code: english if code == "en" else f"{english} [{code}]" for code in LANGS}


def yes_no(code: str, text: str, weight: float = 1) -> dict[str, Any]:
    return {
        "code": code,
        "texts": texts(text),
        "kind": "choice",
        "weight": weight,
        "options": [
            {"code": "no", "labels": texts("No"), "score": 0},
            {"code": "partly", "labels": texts("Partly"), "score": 50},
            {"code": "yes", "labels": texts("Yes"), "score": 100},
        ],
    }


SMALL: dict[str, Any] = {
    "format": "integra-framework/1",
    "code": "small",
    "version": 1,
    "scope": "city",
    "names": texts("Small checklist"),
    "descriptions": texts("A framework for tests."),
    "areas": [
        {
            "code": "services",
            "names": texts("Services"),
            "weight": 1,
            "indicators": [
                {
                    "code": "information",
                    "names": texts("Information"),
                    "weight": 1,
                    "data_type": "input",
                    "questions": [
                        yes_no("web", "Is the city's website available in TCN languages?", weight=3),
                        yes_no("desk", "Is there a one-stop shop?"),
                    ],
                },
                {
                    "code": "speed",
                    "names": texts("Speed"),
                    "weight": 2,
                    "data_type": "fact",
                    "questions": [
                        {
                            "code": "days",
                            "texts": texts("How many days until a first counselling appointment?"),
                            "kind": "number",
                            "weight": 1,
                            "unit": texts("days"),
                            "rule": {"worst": 60, "best": 0},
                        }
                    ],
                },
            ],
        },
        {
            "code": "safety",
            "names": texts("Safety"),
            "weight": 1,
            "indicators": [
                {
                    "code": "attitudes",
                    "names": texts("Attitudes"),
                    "weight": 1,
                    "data_type": "impact",
                    "questions": [yes_no("feel-safe", "Do TCN residents feel safe in public spaces?")],
                }
            ],
        },
    ],
}


def small_data() -> dict[str, Any]:
    return copy.deepcopy(SMALL)
