"""Relevance of library search on the evaluation set in ``bench/eval``.

Loads the demo network and library into a throw-away SQLite database, runs every query of
``bench/eval/queries_*.json`` (one per topic and language; the relevant resources are the three
of the query's topic in ``library/demo``, mostly in other languages) and reports recall@10 and
nDCG@10 for keyword only, semantic only and fused search, overall and for the cross-language
part (relevant resources in another language than the query). ``--grid`` also scores a grid of
fusion weights, which is how ``library.search.FUSION_K`` and ``KEYWORD_WEIGHT`` were chosen.

    .venv/bin/python bench/relevance.py [--grid]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    import django

    django.setup()


def load() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("library_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def judgements() -> tuple[list[dict[str, Any]], dict[int, set[str]], dict[str, str]]:
    topics: dict[int, set[str]] = {}
    language: dict[str, str] = {}
    for path in sorted((BASE_DIR / "library" / "demo").glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            topics.setdefault(record["topic"], set()).add(record["key"])
            language[record["key"]] = record["key"][:2]
    queries = [q for path in sorted((BENCH_DIR / "eval").glob("queries_*.json")) for q in json.loads(path.read_text())]
    return queries, topics, language


def ndcg(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    gain = sum(1 / math.log2(i + 2) for i, key in enumerate(ranked[:k]) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gain / ideal if ideal else 0.0


def recall(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def evaluate(
    rankings: dict[str, list[list[str]]],
    queries: list[dict[str, Any]],
    topics: dict[int, set[str]],
    language: dict[str, str],
) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for method, ranked_lists in rankings.items():
        r_all, n_all, r_cross, n_cross = [], [], [], []
        for query, ranked in zip(queries, ranked_lists, strict=True):
            relevant = topics[query["topic"]]
            cross = {key for key in relevant if language[key] != query["language"]}
            r_all.append(recall(ranked, relevant))
            n_all.append(ndcg(ranked, relevant))
            if cross:
                # Cross-language: judge only the relevant resources in other languages.
                ranked_cross = [key for key in ranked if language[key] != query["language"]]
                r_cross.append(recall(ranked_cross, cross))
                n_cross.append(ndcg(ranked_cross, cross))
        table[method] = {
            "recall@10": sum(r_all) / len(r_all),
            "ndcg@10": sum(n_all) / len(n_all),
            "cross recall@10": sum(r_cross) / len(r_cross),
            "cross ndcg@10": sum(n_cross) / len(n_cross),
        }
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid", action="store_true", help="also score a grid of fusion parameters")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "relevance.sqlite3")
        started = time.perf_counter()
        load()
        loaded = time.perf_counter() - started
        from library import search
        from library.models import Resource

        slugs = dict(Resource.objects.values_list("pk", "slug"))
        queries, topics, language = judgements()
        keyword = [[slugs[pk] for pk in search.keyword_ranking(q["query"])] for q in queries]
        semantic = [[slugs[pk] for pk in search.semantic_ranking(q["query"])] for q in queries]
        centering, search.CENTERING = search.CENTERING, 0.0
        search.reset_index()
        uncentred = [[slugs[pk] for pk in search.semantic_ranking(q["query"])] for q in queries]
        search.CENTERING = centering
        search.reset_index()
        ids_kw = [search.keyword_ranking(q["query"]) for q in queries]
        ids_sem = [search.semantic_ranking(q["query"]) for q in queries]
        fused = [[slugs[pk] for pk in search.search(q["query"])] for q in queries]
        plain = [[slugs[pk] for pk in search.fuse(s, k, 60, 1.0)] for s, k in zip(ids_sem, ids_kw, strict=True)]
        rankings = {
            "keyword only": keyword,
            "semantic only, without language centring": uncentred,
            f"semantic only (language centring {search.CENTERING})": semantic,
            f"fused (keyword-confirmed feedback {search.FEEDBACK_WEIGHT} at depth {search.FEEDBACK_DEPTH})": fused,
            "plain RRF (k=60, equal weights)": plain,
        }
        if args.grid:
            for depth in (1, 2, 3, 5):
                for feedback in (0.0, 0.5, 1.0, 1.5):
                    rankings[f"grid: feedback depth {depth}, weight {feedback}"] = [
                        [slugs[pk] for pk in search.search(q["query"], feedback_weight=feedback, feedback_depth=depth)]
                        for q in queries
                    ]
            for k_value in (5, 20, 60):
                for weight in (0.1, 0.25, 0.5, 1.0):
                    rankings[f"grid: RRF k={k_value} keyword weight {weight}"] = [
                        [slugs[pk] for pk in search.fuse(s, kw, k_value, weight)]
                        for s, kw in zip(ids_sem, ids_kw, strict=True)
                    ]
        table = evaluate(rankings, queries, topics, language)
    by_language: dict[str, int] = {}
    for query in queries:
        by_language[query["language"]] = by_language.get(query["language"], 0) + 1
    lines = [
        f"Evaluation set: {len(queries)} queries ({', '.join(f'{k} {v}' for k, v in sorted(by_language.items()))}), "
        f"{sum(len(v) for v in topics.values())} resources on {len(topics)} topics; loaded in {loaded:.1f} s.",
        "",
        "| method | recall@10 | nDCG@10 | cross-language recall@10 | cross-language nDCG@10 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for method, scores in table.items():
        lines.append(
            f"| {method} | {scores['recall@10']:.3f} | {scores['ndcg@10']:.3f} | "
            f"{scores['cross recall@10']:.3f} | {scores['cross ndcg@10']:.3f} |"
        )
    lines += [
        "",
        "Per query language (recall@10 / nDCG@10), semantic only vs fused:",
        "",
        "| language | semantic | fused |",
        "| --- | --- | --- |",
    ]
    fused_name = next(name for name in rankings if name.startswith("fused"))
    semantic_name = next(name for name in rankings if name.startswith("semantic only ("))
    for code in sorted(by_language):
        picked = [i for i, q in enumerate(queries) if q["language"] == code]
        subset = [queries[i] for i in picked]
        part = evaluate(
            {name: [rankings[name][i] for i in picked] for name in (semantic_name, fused_name)},
            subset,
            topics,
            language,
        )
        lines.append(
            f"| {code} | {part[semantic_name]['recall@10']:.3f} / {part[semantic_name]['ndcg@10']:.3f} | "
            f"{part[fused_name]['recall@10']:.3f} / {part[fused_name]['ndcg@10']:.3f} |"
        )
    report = "\n".join(lines)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "relevance.md").write_text(report + "\n", encoding="utf-8")
    (RESULTS / "relevance.json").write_text(json.dumps(table, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
