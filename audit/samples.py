"""Sample files in Eurostat's bulk TSV format for the five partner countries, made by this project.

``manage.py eurostat_samples`` writes them to ``audit/statistics/``; the demo imports them. The
figures are illustrative, not Eurostat's: where domain.md gives a published figure (non-EU
citizens in Bulgaria on 1 January 2018, valid permits in Bulgaria in 2018, ...) the series passes
through it, and the rest follows plausible levels and trends with seeded noise. The shape is the
real one: the dimension header, year columns, flags, ``:`` for missing and rows for geographies
and aggregates the platform does not hold, which the importer skips.
"""

from __future__ import annotations

import random
from pathlib import Path

YEARS = list(range(2014, 2021))
COUNTRIES = ["AT", "BG", "CZ", "DE", "EU27_2020", "HR", "IT", "SK"]
CITIZENS = ["EU27_2020_FOR", "FOR", "NAT", "NEU27_2020_FOR"]

# (level in the first year, change per year); anchored where domain.md gives a figure.
POPULATION = {  # non-EU citizens on 1 January
    "BG": (52_000, 4_730),  # 70,920 in 2018
    "CZ": (255_000, 6_500),  # about 57 % of 493,400 foreigners in 2018
    "HR": (16_000, 1_400),
    "IT": (3_930_000, -54_000),  # 3,714,934 with a permit in 2018
    "SK": (39_000, 6_600),  # about 65,400 at the end of 2018
    "AT": (590_000, 18_000),
    "DE": (4_700_000, 260_000),
    "EU27_2020": (19_600_000, 680_000),
}
EMPLOYMENT = {  # employment rate 20-64, nationals / non-EU citizens
    "BG": ((65.0, 1.6), (58.0, 1.2)),
    "CZ": ((73.4, 1.1), (76.0, 0.6)),
    "HR": ((59.0, 1.3), (52.0, 1.0)),
    "IT": ((59.9, 0.6), (58.4, 0.3)),
    "SK": ((65.9, 1.3), (70.0, 0.8)),
    "AT": ((75.0, 0.4), (59.0, 0.6)),
    "DE": ((79.0, 0.5), (57.0, 1.0)),
    "EU27_2020": ((70.0, 0.7), (57.0, 0.8)),
}
PERMITS = {"BG": (37_000, 5_200), "CZ": (236_000, 9_000), "HR": (24_000, 1_800), "IT": (3_870_000, -50_000)}
PERMITS |= {"SK": (30_000, 5_500), "AT": (480_000, 10_000), "DE": (3_600_000, 180_000)}
POVERTY = {"BG": (46.0, -1.0), "CZ": (22.0, -0.6), "HR": (41.0, -0.8), "IT": (49.0, -0.5), "SK": (30.0, -0.9)}
POVERTY |= {"AT": (44.0, -0.4), "DE": (41.0, -0.3), "EU27_2020": (44.0, -0.5)}


def _series(rng: random.Random, start: float, step: float, year: int, digits: int, noise: float) -> float:
    value = start + step * (year - YEARS[0]) + rng.gauss(0, noise)
    return round(value, digits)


def _cell(rng: random.Random, value: float, digits: int, gaps: float = 0.04) -> str:
    draw = rng.random()
    if draw < gaps:
        return ": c" if draw < gaps / 3 else ":"
    text = f"{value:.{digits}f}" if digits else f"{int(value)}"
    flag = rng.choice(["", "", "", "", "", "", "b", "p", "e", "u"])
    return f"{text} {flag}" if flag else text


def _table(header: str, rows: list[tuple[str, list[str]]]) -> str:
    lines = [header + "\t" + "\t".join(f"{year} " for year in YEARS)]
    lines += [codes + "\t" + "\t".join(cells) for codes, cells in sorted(rows)]
    return "\n".join(lines) + "\n"


def population(rng: random.Random) -> str:
    rows = []
    for geo, (start, step) in POPULATION.items():
        for citizen in CITIZENS:
            share = {"NEU27_2020_FOR": 1.0, "EU27_2020_FOR": 0.6, "FOR": 1.6, "NAT": 60.0}[citizen]
            for sex, part in (("T", 1.0), ("F", 0.48), ("M", 0.52)):
                cells = [
                    _cell(rng, max(0, _series(rng, start * share * part, step * share * part, y, 0, start * 0.004)), 0)
                    for y in YEARS
                ]
                rows.append((f"A,{citizen},TOTAL,{sex},NR,{geo}", cells))
    # Anchors from domain.md.
    return _anchor(
        _table("freq,citizen,age,sex,unit,geo\\TIME_PERIOD", rows),
        {
            ("A,NEU27_2020_FOR,TOTAL,T,NR,BG", 2018): "70920",
            ("A,NEU27_2020_FOR,TOTAL,T,NR,IT", 2018): "3714934",
        },
    )


def employment(rng: random.Random, unemployment: bool = False) -> str:
    rows = []
    for geo, (nationals, non_eu) in EMPLOYMENT.items():
        for citizen, (start, step) in (("NAT", nationals), ("NEU27_2020_FOR", non_eu), ("EU27_2020_FOR", nationals)):
            for sex, shift in (("T", 0.0), ("F", -7.0), ("M", 6.0)):
                for age in ("Y20-64", "Y15-64"):
                    cells = []
                    for year in YEARS:
                        rate = _series(rng, start + shift - (4 if age == "Y15-64" else 0), step, year, 1, 0.6)
                        if unemployment:
                            rate = round(max(1.0, (100 - rate) / 4.2 + rng.gauss(0, 0.4)), 1)
                        cells.append(_cell(rng, rate, 1))
                    rows.append((f"A,PC,{sex},{age},{citizen},{geo}", cells))
    return _table("freq,unit,sex,age,citizen,geo\\TIME_PERIOD", rows)


def permits(rng: random.Random) -> str:
    rows = []
    for geo, (start, step) in PERMITS.items():
        for reason, share in (("TOTAL", 1.0), ("FAM", 0.38), ("EDUC", 0.06), ("OCC", 0.24), ("OTH", 0.32)):
            for duration in ("TOTAL", "M3-5", "M6-11", "M12-GE"):
                part = {"TOTAL": 1.0, "M3-5": 0.05, "M6-11": 0.2, "M12-GE": 0.75}[duration]
                cells = [
                    _cell(rng, max(0, _series(rng, start * share * part, step * share * part, y, 0, 50)), 0)
                    for y in YEARS
                ]
                rows.append((f"A,{reason},{duration},PER,{geo}", cells))
    return _anchor(
        _table("freq,reason,duration,unit,geo\\TIME_PERIOD", rows), {("A,TOTAL,TOTAL,PER,BG", 2018): "53132"}
    )


def poverty(rng: random.Random) -> str:
    rows = []
    for geo, (start, step) in POVERTY.items():
        for citizen, shift in (("NAT", -20.0), ("NEU27_2020_FOR", 0.0), ("EU27_2020_FOR", -10.0)):
            for sex, extra in (("T", 0.0), ("F", 2.0), ("M", -2.0)):
                cells = [_cell(rng, _series(rng, start + shift + extra, step, y, 1, 1.2), 1, gaps=0.1) for y in YEARS]
                rows.append((f"A,PC,{sex},Y18-64,{citizen},{geo}", cells))
    return _table("freq,unit,sex,age,citizen,geo\\TIME_PERIOD", rows)


def _anchor(table: str, anchors: dict[tuple[str, int], str]) -> str:
    lines = table.splitlines()
    for number, line in enumerate(lines[1:], start=1):
        codes, *cells = line.split("\t")
        for (row, year), value in anchors.items():
            if codes == row:
                cells[YEARS.index(year)] = value
        lines[number] = "\t".join([codes, *cells])
    return "\n".join(lines) + "\n"


def write_samples(folder: Path, seed: int = 2018) -> list[Path]:
    rng = random.Random(seed)
    files = {
        "migr_pop1ctz": population(rng),
        "lfsa_ergan": employment(rng),
        "lfsa_urgan": employment(rng, unemployment=True),
        "migr_resvalid": permits(rng),
        "ilc_peps05n": poverty(rng),
    }
    written = []
    for name, text in files.items():
        path = folder / f"{name}.tsv"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
