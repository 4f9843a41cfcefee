"""Load the demo labs and agendas: for each pilot city a 2019 City Integration Lab, the 2020-2022
City Integration Agenda drafted from it and adopted, and a year of monitoring (2020-2021).

Idempotent: a city that already has a lab is left alone. Run after ``demo_data``, ``library_demo``
and ``audit_demo``: goals answer challenges from the audit's register, indicators point at the
INTEGRA checklist and at the Eurostat context indicators, and two measures take up practices from
the library.

The story is written as 2020-2022, ending at ``AS_OF`` (the last reporting date of 2021). So that
the demo shows a living agenda rather than a 2022 one long overdue, the agendas, measures,
milestones and monitoring are then moved forward by whole years until ``AS_OF`` falls in the
current year, and what would lie in the future is dropped (``bring_forward``). Labs stay in 2019,
and figures taken from the context statistics keep their real years. As of today some measures
are clearly late and a few have not been reported on for more than six months.

Content follows docs/domain.md and the project seeds. Where they are silent, the texts follow the
INTEGRA partners' public news posts (integra-eu.net, etp.sk, centar-za-mir.hr) and are otherwise
plausible inventions; the people in them are unnamed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agenda import services
from agenda.models import (
    Agenda,
    AgendaStatus,
    Driver,
    DriverState,
    Goal,
    Implication,
    IndicatorSource,
    IndicatorValue,
    Involvement,
    Lab,
    LabGoal,
    Likelihood,
    Measure,
    MeasureIndicator,
    MeasureStatus,
    Milestone,
    ProgressUpdate,
    Proposal,
    Scenario,
    SwotItem,
    SwotKind,
    ValueType,
)
from audit import scoring
from audit.models import Challenge, Horizon, Indicator, Round, Severity, Source, StatIndicator, StatValue
from library.models import Resource
from network.models import Area, AttendeeCategory, City, Organisation, Role, RoleKind

AS_OF = date(2021, 12, 31)
START_YEAR, END_YEAR = 2020, 2022
CHECKLIST = "integra-checklist"

# Statuses, short.
NOT_STARTED = MeasureStatus.NOT_STARTED
ON_TRACK = MeasureStatus.ON_TRACK
AT_RISK = MeasureStatus.AT_RISK
DELAYED = MeasureStatus.DELAYED
DONE = MeasureStatus.DONE

# Challenge keys: a word of the title of a challenge in the city's register, or one of these two.
WEAKEST = "@weakest"  # the challenge audit_demo raised from the city's weakest checklist indicator
FUTURE = "@future"  # the future challenge the lab itself adds to the register

P = AttendeeCategory


# ---------------------------------------------------------------- the shape of the data


@dataclass(frozen=True)
class DriverSpec:
    name: str
    description: str
    impact: int
    uncertainty: int


@dataclass(frozen=True)
class ScenarioSpec:
    name: str
    narrative: str
    likelihood: str
    states: dict[int, str]  # driver index → how it turns out
    implications: dict[str, str]  # area code → what it would mean


@dataclass(frozen=True)
class ProposalSpec:
    title: str
    description: str
    area: str
    lead: str
    resources: str


@dataclass(frozen=True)
class GoalSpec:
    title: str
    description: str
    challenges: tuple[str, ...]
    proposals: tuple[ProposalSpec, ...] = ()


@dataclass(frozen=True)
class ChallengeSpec:
    title: str
    description: str
    area: str
    severity: int


@dataclass(frozen=True)
class LabSpec:
    title: str
    start: date
    end: date
    place: str
    horizon: int
    participants: dict[P, int]
    notes: str
    drivers: tuple[DriverSpec, ...]
    scenarios: tuple[ScenarioSpec, ...]
    swot: tuple[tuple[str | None, str, str], ...]  # area, kind, text
    future: ChallengeSpec
    goals: tuple[GoalSpec, ...]


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator. For a framework or statistic indicator ``ref`` is its code, and the baseline is
    read from the city's 2019 audit round or the country's figure when there is one: the target and
    the readings then move by the same difference from the nominal baseline written here."""

    source: str
    name: str = ""
    ref: str = ""
    value_type: str = ValueType.COUNT
    unit: str = ""
    baseline: float = 0
    target: float = 0
    baseline_year: int = 2019
    target_year: int = 2022


@dataclass(frozen=True)
class UpdateSpec:
    day: date
    status: str
    percent: int
    text: str
    readings: tuple[tuple[int, float], ...] = ()  # indicator index, value (measured on ``day``)
    note: str = ""
    measured_on: date | None = None


@dataclass(frozen=True)
class MeasureSpec:
    title: str
    description: str
    area: str
    lead: str
    partners: tuple[str, ...]
    involvement: str
    budget: int
    staff: str
    funding: str
    start: date
    end: date
    goal: int
    challenges: tuple[str, ...]
    scenarios: tuple[int, ...]
    milestones: tuple[tuple[str, date, date | None], ...]
    indicators: tuple[IndicatorSpec, ...]
    updates: tuple[UpdateSpec, ...]
    proposal: str = ""  # the title of the lab's proposal it comes from
    practice: str = ""  # the slug of a library practice it adopts
    internal_notes: str = ""
    example: bool = False  # flagged as an example for other cities


@dataclass(frozen=True)
class AgendaSpec:
    title: str
    summary: str
    adopted_on: date
    adopted_by: str
    first_report: date
    measures: tuple[MeasureSpec, ...]
    consulted: bool = True
    # The agenda's own goals; without them the lab's goals are taken over.
    goals: tuple[GoalSpec, ...] = ()


@dataclass(frozen=True)
class CitySpec:
    slug: str
    lab: LabSpec
    agenda: AgendaSpec


@dataclass
class Loaded:
    labs: int = 0
    measures: int = 0
    updates: int = 0
    examples: list[str] = field(default_factory=list)
    agendas: list[int] = field(default_factory=list)


def own(name: str, value_type: str, unit: str, baseline: float, target: float, **extra: Any) -> IndicatorSpec:
    return IndicatorSpec(
        source=IndicatorSource.OWN,
        name=name,
        value_type=value_type,
        unit=unit,
        baseline=baseline,
        target=target,
        **extra,
    )


def checklist(code: str, baseline: float, target: float) -> IndicatorSpec:
    """An indicator of the INTEGRA checklist: its score, 0-100."""
    return IndicatorSpec(
        source=IndicatorSource.FRAMEWORK,
        ref=code,
        value_type=ValueType.PERCENT,
        unit="score",
        baseline=baseline,
        target=target,
    )


def statistic(code: str, baseline: float, target: float) -> IndicatorSpec:
    """A Eurostat context indicator (a national figure, in per cent)."""
    return IndicatorSpec(
        source=IndicatorSource.STATISTIC,
        ref=code,
        value_type=ValueType.PERCENT,
        unit="%",
        baseline=baseline,
        target=target,
    )


D = date


# ---------------------------------------------------------------- Prague

PRAGUE = CitySpec(
    slug="prague",
    lab=LabSpec(
        title="Prague City Integration Lab",
        start=D(2019, 3, 28),
        end=D(2019, 3, 29),
        place="Prague City Hall, Mariánské náměstí",
        horizon=5,
        participants={P.TCN: 4, P.LOCAL_GOVERNMENT: 5, P.STATE: 2, P.NGO: 6, P.ACADEMIA: 2, P.MEDIA: 1, P.EMPLOYERS: 1},
        notes="Two half-days moderated by Integration Centre Prague. The audit's findings opened the lab; "
        "the participants rated eleven drivers and kept five, built three scenarios for 2020–2024 and "
        "turned the challenges into three goals. A round table with the district mayors followed in May.",
        drivers=(
            DriverSpec(
                "Demand for foreign labour and the work-permit quotas",
                "Employers in construction, logistics and care recruit abroad; the government sets yearly "
                "quotas for workers from Ukraine and other third countries.",
                5,
                4,
            ),
            DriverSpec(
                "Political climate and the media debate on migration",
                "Whether migration is discussed as a labour-market matter or as a security threat.",
                4,
                4,
            ),
            DriverSpec(
                "Housing costs in the inner districts",
                "Rents rose by about a fifth in two years; newcomers find flats only on outer estates.",
                4,
                3,
            ),
            DriverSpec(
                "Capacity of the municipal districts' services",
                "Front desks, schools and social services of the 22 administrative districts.",
                3,
                2,
            ),
            DriverSpec(
                "Self-organisation of migrant communities",
                "Ukrainian and Vietnamese associations are active; smaller groups have no association at all.",
                3,
                3,
            ),
        ),
        scenarios=(
            ScenarioSpec(
                "Settling down",
                "Employers keep recruiting and the quotas grow. Workers who came alone bring their families; "
                "more children of foreign parents start school in Prague and more families look for "
                "affordable flats. The city has to plan for residents, not for guests.",
                Likelihood.HIGH,
                {
                    0: "Quotas for Ukrainian workers raised; arrivals grow by a fifth a year",
                    1: "Migration debated mainly as a labour-market matter",
                    2: "Rents keep rising; families concentrate on a few outer estates",
                },
                {
                    "housing": "Demand for family flats on the outer estates; overcrowding and informal sublets.",
                    "education": "Schools on those estates receive more pupils who do not yet speak Czech.",
                    "participation": "A settled population expects a say in the city's decisions.",
                },
            ),
            ScenarioSpec(
                "Closed door",
                "An economic slowdown and a hostile election campaign: quotas are cut, permits are renewed "
                "more slowly and many workers lose their status or leave. Those who stay withdraw from public "
                "life and rely on their own community.",
                Likelihood.MEDIUM,
                {
                    0: "Quotas cut by half; agencies lay off foreign workers first",
                    1: "Migration framed as a security threat in the campaign",
                    2: "Rents stall, but landlords refuse foreign tenants",
                },
                {
                    "legal-advice": "More people fall out of legal status and need advice quickly.",
                    "anti-discrimination": "More reports of discrimination by landlords and employers.",
                    "participation": "Migrant associations lose members and volunteers.",
                },
            ),
            ScenarioSpec(
                "Temporary city",
                "Work is seasonal and agency-based; workers are housed in dormitories and change every few "
                "months. Few stay long enough to learn Czech or to know their rights.",
                Likelihood.MEDIUM,
                {
                    0: "Agency work and short permits dominate",
                    2: "Agencies house workers in dormitories on the city's edge",
                    4: "Associations cannot reach newcomers who stay only months",
                },
                {
                    "services": "Information has to reach people in their first weeks, where they work.",
                    "employment": "Exploitation by agencies goes unreported.",
                },
            ),
        ),
        swot=(
            (
                "services",
                SwotKind.STRENGTH,
                "A network of integration centres and NGOs with interpreters in Ukrainian, Vietnamese and Russian.",
            ),
            ("culture", SwotKind.STRENGTH, "Active Ukrainian and Vietnamese associations with their own events."),
            ("participation", SwotKind.WEAKNESS, "No member of a migrant association sits on a council committee."),
            ("education", SwotKind.WEAKNESS, "Schools get no extra staff for pupils who are learning Czech."),
            (
                "participation",
                SwotKind.OPPORTUNITY,
                "The city's integration policy for 2018–2021 commits it to consult foreign residents.",
            ),
            ("employment", SwotKind.OPPORTUNITY, "Employers short of workers are willing to fund language courses."),
            ("housing", SwotKind.THREAT, "Rising rents push newcomers into overcrowded flats."),
            ("anti-discrimination", SwotKind.THREAT, "Hostile campaigns before the 2021 general election."),
        ),
        future=ChallengeSpec(
            "Hostile campaigns could turn residents against newcomers",
            "The lab expects migration to be an election theme in 2021; in the 'Closed door' scenario "
            "residents' attitudes harden and landlords and employers discriminate more openly.",
            "anti-discrimination",
            Severity.MODERATE,
        ),
        goals=(
            GoalSpec(
                "Foreign residents have a say in the city's decisions",
                "Foreign residents are consulted directly, not only through NGOs, on the decisions that affect them.",
                ("consultative bodies", WEAKEST),
                (
                    ProposalSpec(
                        "Advisory committee of foreign residents",
                        "A committee of twelve foreign residents, chosen by the associations, that gives the "
                        "council's social and education committees its opinion.",
                        "participation",
                        "prague-city-hall-department-of-social-affairs",
                        "A secretary at City Hall, half time; about EUR 15,000 a year for interpreting, "
                        "meeting rooms and members' travel.",
                    ),
                    ProposalSpec(
                        "Community ambassadors in the districts",
                        "Trained foreign residents who explain services to their communities and bring "
                        "their questions back to the district offices.",
                        "participation",
                        "integration-centre-prague",
                        "A coordinator half time; eight ambassadors paid by the hour; training materials.",
                    ),
                ),
            ),
            GoalSpec(
                "Newcomer families find a flat and a school place",
                "Families who settle find affordable housing and schools ready for children learning Czech.",
                ("Housing costs",),
                (
                    ProposalSpec(
                        "Housing advice desk for foreigners",
                        "Advice on leases, deposits and landlords' obligations, and a guide for landlords.",
                        "housing",
                        "integration-centre-prague",
                        "A lawyer one day a week and a social worker; printing of the guide.",
                    ),
                    ProposalSpec(
                        "Czech support teachers in primary schools",
                        "Support teachers who teach Czech as a second language in schools with many "
                        "pupils of foreign parents.",
                        "education",
                        "inbaze",
                        "Four support teachers half time; training by the language-education team.",
                    ),
                ),
            ),
            GoalSpec(
                "Residents and their foreign neighbours meet",
                "Everyday contact and fair media coverage make the city's diversity ordinary.",
                (FUTURE,),
                (
                    ProposalSpec(
                        "Neighbourhood festival and language café in Prague 3",
                        "A yearly street festival and a weekly café where residents and newcomers practise Czech.",
                        "culture",
                        "prague-3-municipal-district",
                        "A district grant for the festival; a room in the district library for the café.",
                    ),
                    ProposalSpec(
                        "Radio programme made with foreign residents",
                        "A monthly programme in which foreign residents tell their own stories.",
                        "culture",
                        "czech-radio-multicultural-desk",
                        "A producer and airtime; travel costs for guests.",
                    ),
                ),
            ),
        ),
    ),
    agenda=AgendaSpec(
        title="Prague City Integration Agenda 2020–2022",
        summary="Three goals from the Prague Integration Lab: a say for foreign residents, housing and schools "
        "ready for families who settle, and everyday contact between neighbours. Seven measures by the city, "
        "its districts, NGOs, a school network, a radio desk and a migrant association.",
        adopted_on=D(2019, 12, 12),
        adopted_by="Prague City Council",
        first_report=D(2020, 6, 30),
        measures=(
            MeasureSpec(
                title="Advisory committee of foreign residents",
                description="A committee of twelve foreign residents nominated by migrant associations meets four "
                "times a year and gives its opinion on council decisions on social services, schools and "
                "housing. Meetings are interpreted into Ukrainian, Vietnamese and Russian.",
                area="participation",
                lead="prague-city-hall-department-of-social-affairs",
                partners=(
                    "integration-centre-prague",
                    "ukrainian-initiative-in-prague",
                    "vietnamese-community-club-prague",
                ),
                involvement=Involvement.EMPOWER,
                budget=45_000,
                staff="A secretary at City Hall, half time",
                funding="City of Prague budget",
                start=D(2020, 3, 1),
                end=D(2022, 12, 31),
                goal=0,
                challenges=("consultative bodies", WEAKEST),
                scenarios=(0, 1),
                proposal="Advisory committee of foreign residents",
                milestones=(
                    ("Statute approved by the council", D(2020, 6, 30), D(2020, 9, 17)),
                    ("First meeting of the committee", D(2020, 10, 31), D(2021, 2, 4)),
                    ("First opinion given on a council decision", D(2021, 12, 31), D(2021, 11, 25)),
                ),
                indicators=(
                    own("Committee meetings held", ValueType.COUNT, "meetings", 0, 10, baseline_year=2020),
                    checklist("participation", 40, 60),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 26),
                        ON_TRACK,
                        15,
                        "The draft statute was discussed with six migrant associations in May; they asked "
                        "for members to be nominated by the associations, not appointed by the city.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 18),
                        AT_RISK,
                        30,
                        "The council approved the statute in September. The first meeting, planned for "
                        "October, was postponed because of the pandemic; nominations are complete.",
                        note="Two associations have not yet sent their nominees' consent forms.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 28),
                        ON_TRACK,
                        55,
                        "The committee met in February and May, online and then in City Hall. It asked for "
                        "the school enrolment forms to be translated.",
                        readings=((0, 2),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 17),
                        ON_TRACK,
                        75,
                        "Five meetings so far. In November the social committee took up the committee's "
                        "opinion on the new social housing rules. The checklist self-check shows progress "
                        "on participation.",
                        readings=((0, 5), (1, 52)),
                    ),
                ),
            ),
            MeasureSpec(
                title="Community ambassadors in the districts",
                description="Eight foreign residents trained as community ambassadors hold office hours in "
                "district offices and community centres, explain services in their language and bring their "
                "communities' questions back to the districts.",
                area="participation",
                lead="integration-centre-prague",
                partners=(
                    "prague-3-municipal-district",
                    "ukrainian-initiative-in-prague",
                    "vietnamese-community-club-prague",
                ),
                involvement=Involvement.COLLABORATE,
                budget=60_000,
                staff="A coordinator half time; eight ambassadors paid by the hour",
                funding="AMIF national programme; City of Prague grant",
                start=D(2020, 1, 1),
                end=D(2021, 12, 31),
                goal=0,
                challenges=("consultative bodies",),
                scenarios=(0, 2),
                proposal="Community ambassadors in the districts",
                milestones=(
                    ("Eight ambassadors trained", D(2020, 4, 30), D(2020, 6, 12)),
                    ("Office hours in four districts", D(2020, 9, 30), D(2020, 10, 1)),
                ),
                indicators=(
                    own("Ambassadors trained", ValueType.COUNT, "people", 0, 8, baseline_year=2020, target_year=2021),
                    own("Residents advised by ambassadors", ValueType.COUNT, "people", 0, 1200, target_year=2021),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 29),
                        ON_TRACK,
                        25,
                        "Eight ambassadors (four Ukrainian, two Vietnamese, one Mongolian, one Russian "
                        "speaker) finished the training in June; it moved online in March.",
                        readings=((0, 8),),
                    ),
                    UpdateSpec(
                        D(2020, 12, 21),
                        ON_TRACK,
                        50,
                        "Office hours started in Prague 3, 4, 11 and 14 in October; during the lockdown the "
                        "ambassadors answered by phone and in community chat groups.",
                        readings=((1, 380),),
                    ),
                    UpdateSpec(
                        D(2021, 6, 30),
                        ON_TRACK,
                        75,
                        "Most questions concern residence permits, school enrolment and vaccination. The "
                        "districts now send the ambassadors their announcements to pass on.",
                        readings=((1, 860),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 15),
                        DONE,
                        100,
                        "The pilot ended as planned. Two districts will pay for the office hours from 2022; "
                        "the training handbook is ready for other cities.",
                        readings=((1, 1310),),
                    ),
                ),
                example=True,
            ),
            MeasureSpec(
                title="Housing advice desk for foreigners",
                description="A weekly advice desk on leases, deposits and landlords' obligations, with a "
                "lawyer, and a short guide for landlords on renting to foreign tenants.",
                area="housing",
                lead="integration-centre-prague",
                partners=("prague-city-hall-department-of-social-affairs", "inbaze"),
                involvement=Involvement.CONSULT,
                budget=38_000,
                staff="A lawyer one day a week; a social worker",
                funding="City of Prague grant",
                start=D(2020, 4, 1),
                end=D(2021, 6, 30),
                goal=1,
                challenges=("Housing costs",),
                scenarios=(0, 1),
                proposal="Housing advice desk for foreigners",
                milestones=(
                    ("Desk opens", D(2020, 5, 1), D(2020, 6, 2)),
                    ("Guide for landlords printed", D(2021, 3, 31), None),
                ),
                indicators=(
                    own("Housing consultations given", ValueType.COUNT, "consultations", 0, 400, target_year=2021),
                    statistic("poverty-risk-non-eu", 20.4, 18.0),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        15,
                        "The desk opened on 2 June, one afternoon a week; 22 consultations in the first month, "
                        "most about deposits that were not returned.",
                        readings=((0, 22),),
                    ),
                    UpdateSpec(
                        D(2020, 12, 17),
                        ON_TRACK,
                        40,
                        "140 consultations; a second afternoon was added in October. The draft landlords' "
                        "guide went to the landlords' association for comments.",
                        readings=((0, 140),),
                    ),
                    UpdateSpec(
                        D(2021, 6, 29),
                        AT_RISK,
                        55,
                        "The lawyer left in April; the desk is back to one afternoon. The landlords' "
                        "association has not answered on the guide. Latest national figure on poverty risk "
                        "recorded.",
                        readings=((0, 205), (1, 18.6)),
                        measured_on=D(2020, 12, 31),
                    ),
                    UpdateSpec(
                        D(2021, 11, 30),
                        DELAYED,
                        60,
                        "The measure has run past its end date. A new lawyer starts in January; the guide "
                        "will be printed without the landlords' association. We ask the city to extend the "
                        "measure to the end of 2022.",
                        readings=((0, 251),),
                        note="Extension request to be put to the council's social committee in February.",
                    ),
                ),
            ),
            MeasureSpec(
                title="Czech support teachers in primary schools",
                description="Four support teachers teach Czech as a second language in small groups in four "
                "primary schools where more than a tenth of pupils have foreign parents, and train the "
                "class teachers.",
                area="education",
                lead="inbaze",
                partners=("primary-school-vlna", "prague-city-hall-department-of-social-affairs"),
                involvement=Involvement.INVOLVE,
                budget=120_000,
                staff="Four support teachers, half time",
                funding="Ministry of Education grant; City of Prague",
                start=D(2020, 9, 1),
                end=D(2022, 6, 30),
                goal=1,
                challenges=("Housing costs",),
                scenarios=(0, 2),
                proposal="Czech support teachers in primary schools",
                milestones=(
                    ("Support teachers in all four schools", D(2020, 10, 31), D(2020, 9, 14)),
                    ("Class teachers trained", D(2021, 6, 30), D(2021, 6, 18)),
                    ("Evaluation report", D(2022, 6, 30), None),
                ),
                indicators=(
                    own(
                        "Pupils learning Czech who pass the reading test for their year",
                        ValueType.PERCENT,
                        "%",
                        48,
                        70,
                    ),
                    checklist("language-education", 55, 70),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 9, 30),
                        ON_TRACK,
                        10,
                        "All four support teachers started in September; 64 pupils in 11 groups.",
                    ),
                    UpdateSpec(
                        D(2021, 1, 29),
                        AT_RISK,
                        25,
                        "Schools closed in October. Lessons moved online, but a third of the pupils have no "
                        "computer at home; the schools lent 18 laptops.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 25),
                        ON_TRACK,
                        50,
                        "Back in class since May. In the June reading test 55 % of the pupils passed, up "
                        "from 48 %. Class teachers trained in two workshops.",
                        readings=((0, 55),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 20),
                        ON_TRACK,
                        70,
                        "A fifth school asked to join from February. The December test: 61 % passed.",
                        readings=((0, 61), (1, 62)),
                    ),
                ),
            ),
            MeasureSpec(
                title="Neighbourhood festival and language café in Prague 3",
                description="A yearly street festival organised with migrant associations and a weekly language "
                "café in the district library, where residents and newcomers practise Czech together.",
                area="culture",
                lead="prague-3-municipal-district",
                partners=("ukrainian-initiative-in-prague", "vietnamese-community-club-prague", "inbaze"),
                involvement=Involvement.COLLABORATE,
                budget=18_000,
                staff="A district culture officer; volunteers",
                funding="Prague 3 district grant",
                start=D(2020, 5, 1),
                end=D(2022, 9, 30),
                goal=2,
                challenges=(FUTURE,),
                scenarios=(0, 1),
                proposal="Neighbourhood festival and language café in Prague 3",
                milestones=(
                    ("First festival", D(2020, 9, 12), None),
                    ("Language café every week", D(2020, 10, 31), D(2020, 11, 4)),
                ),
                indicators=(own("Regular café participants", ValueType.COUNT, "people", 0, 40, baseline_year=2020),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 29),
                        AT_RISK,
                        5,
                        "The September festival cannot be held under the pandemic rules; the associations "
                        "prefer to wait for 2021 rather than hold it online.",
                    ),
                    UpdateSpec(
                        D(2021, 2, 12),
                        ON_TRACK,
                        30,
                        "The language café runs online every Wednesday since November, with about 25 "
                        "regulars. The festival is planned for September 2021.",
                        readings=((0, 25),),
                    ),
                ),
                internal_notes="The district's culture officer changed in spring 2021; nobody has reported since.",
            ),
            MeasureSpec(
                title="Prague in many voices: a monthly radio programme",
                description="A monthly programme on the multicultural desk in which foreign residents tell "
                "their own stories, trained and paid as contributors.",
                area="culture",
                lead="czech-radio-multicultural-desk",
                partners=("integration-centre-prague", "ukrainian-initiative-in-prague"),
                involvement=Involvement.EMPOWER,
                budget=24_000,
                staff="A producer a quarter time",
                funding="Czech Radio; City of Prague grant",
                start=D(2020, 2, 1),
                end=D(2021, 12, 31),
                goal=2,
                challenges=(FUTURE,),
                scenarios=(1,),
                proposal="Radio programme made with foreign residents",
                milestones=(("Six contributors trained", D(2020, 4, 30), D(2020, 4, 24)),),
                indicators=(own("Programmes broadcast", ValueType.COUNT, "programmes", 0, 22, target_year=2021),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        25,
                        "Six contributors trained; four programmes broadcast, on care workers, Vietnamese "
                        "shopkeepers during the lockdown, students and grandparents.",
                        readings=((0, 4),),
                    ),
                    UpdateSpec(
                        D(2020, 12, 18),
                        ON_TRACK,
                        50,
                        "Ten programmes; the one on the care workers was taken over by the national station.",
                        readings=((0, 10),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 16),
                        DONE,
                        100,
                        "Twenty-two programmes broadcast. The desk keeps the format in its regular schedule "
                        "from 2022 with its own budget.",
                        readings=((0, 22),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Ukrainian guide to the city's services",
                description="A printed and online guide in Ukrainian to registration, renting a flat, health "
                "insurance, schools and the district offices, written by the Ukrainian Initiative and checked by "
                "the Foreigners' Office.",
                area="services",
                lead="ukrainian-initiative-in-prague",
                partners=("integration-centre-prague", "ministry-of-the-interior-foreigners-office-prague"),
                involvement=Involvement.EMPOWER,
                budget=9_000,
                staff="Two volunteer editors; a paid proof-reader",
                funding="City of Prague small grants",
                start=D(2020, 3, 1),
                end=D(2020, 12, 31),
                goal=1,
                challenges=("Housing costs",),
                scenarios=(2,),
                milestones=(
                    ("Text checked by the Foreigners' Office", D(2020, 9, 30), D(2020, 11, 20)),
                    ("Guide printed and online", D(2020, 12, 31), D(2021, 2, 10)),
                ),
                indicators=(own("Printed copies handed out", ValueType.COUNT, "copies", 0, 3000, target_year=2021),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        40,
                        "Chapters on registration, health insurance and schools written; the volunteers "
                        "collected the questions people ask most in the community's chat groups.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 14),
                        DELAYED,
                        75,
                        "The Foreigners' Office returned the text only in November, with changes to the rules "
                        "on permit renewals; printing moves to January.",
                    ),
                    UpdateSpec(
                        D(2021, 2, 22),
                        DONE,
                        100,
                        "Printed in 3,000 copies on 10 February and online on the city's portal; copies are at "
                        "the Foreigners' Office and in four district offices.",
                        readings=((0, 1200),),
                    ),
                ),
            ),
        ),
    ),
)


# ---------------------------------------------------------------- Sofia
# The seeds do not name the four dimensions of Sofia's scenarios. The lab's public summary speaks of the
# presence of third-country nationals in Sofia, their economic activity, their social activity and
# integration, and the capacity of the local community to receive them: those are the four dimensions
# used here, one key driver each, and every scenario says how each of them turns out.

SOFIA = CitySpec(
    slug="sofia",
    lab=LabSpec(
        title="Sofia Integration Lab",
        start=D(2019, 4, 11),
        end=D(2019, 4, 12),
        place="Bankya, Sofia",
        horizon=5,
        participants={P.TCN: 3, P.LOCAL_GOVERNMENT: 3, P.STATE: 3, P.NGO: 4, P.ACADEMIA: 3, P.EMPLOYERS: 2},
        notes="Eighteen experts (employment, education, social sciences, urban development, security, NGOs and "
        "migrant organisations) built scenarios along four dimensions: presence of third-country nationals, "
        "their economic activity, their social activity and integration, and the local community's capacity to "
        "receive them. A round table with the Municipal Council followed and asked for a centre of complex "
        "services, programmes with employers and better data.",
        drivers=(
            DriverSpec(
                "Presence: number and origin of third-country nationals",
                "How many come to Sofia, from where, and whether they stay or move on.",
                5,
                5,
            ),
            DriverSpec(
                "Economic activity: demand for labour in Sofia",
                "Shortages in IT, construction, hospitality and care; employers' readiness to hire foreigners.",
                5,
                3,
            ),
            DriverSpec(
                "Social activity and integration of newcomers",
                "Families joining, children in school, use of municipal services, community life.",
                4,
                3,
            ),
            DriverSpec(
                "Capacity of the local community to receive them",
                "The municipality's services and staff, and residents' attitudes.",
                4,
                4,
            ),
            DriverSpec(
                "National asylum and labour-migration policy",
                "Permit procedures, the reception system and the national integration programme.",
                3,
                4,
            ),
            DriverSpec(
                "EU and municipal funding for integration",
                "AMIF and ESF calls, and the municipality's own grant programmes.",
                3,
                2,
            ),
        ),
        scenarios=(
            ScenarioSpec(
                "Sofia, a city that needs workers",
                "Labour shortages persist and employers recruit abroad on work permits. Workers are joined by "
                "their families; children enter schools and adults need the municipality's services. The "
                "municipality starts to plan for foreign residents; residents accept workers more readily than "
                "refugees.",
                Likelihood.HIGH,
                {
                    0: "Non-EU workers in Sofia double by 2023, most on employer permits",
                    1: "Shortages in IT, construction and hospitality persist",
                    2: "Families join; first contacts with schools, GPs and district offices",
                    3: "Municipal front desks overwhelmed without interpreting",
                },
                {
                    "employment": "Employers need help with permits, language courses and recognition of skills.",
                    "services": "Municipal services must be usable in other languages than Bulgarian.",
                    "education": "Schools in the outer districts enrol pupils without Bulgarian.",
                },
            ),
            ScenarioSpec(
                "A transit city",
                "Few newcomers stay: refugees move on to Western Europe as soon as they can and employers rely on "
                "returning Bulgarian emigrants. Small communities live apart; integration remains a national, "
                "not a municipal, matter.",
                Likelihood.MEDIUM,
                {
                    0: "Numbers stable; most people recognised as refugees leave within a year",
                    1: "Employers turn to returning emigrants",
                    2: "Small communities live apart and use services only in emergencies",
                    3: "The municipality sees no need for integration services",
                },
                {
                    "inclusion": "Those who stay are isolated; nobody knows their needs.",
                    "research": "Without data the city cannot see who stays and who leaves.",
                },
            ),
            ScenarioSpec(
                "Pressure at the border",
                "A new wave of asylum seekers arrives through Turkey. Reception centres in Sofia are full; informal "
                "work grows and there are protests in the neighbourhoods around the centres. The municipality is "
                "pressed to refuse any role.",
                Likelihood.LOW,
                {
                    0: "A sudden rise in asylum seekers, hosted in Sofia's reception centres",
                    1: "Informal work grows",
                    2: "Tension around the reception centres",
                    3: "Protests; political pressure on the municipality to stay out",
                },
                {
                    "safety": "Tension and hate incidents near the reception centres.",
                    "housing": "People leaving the centres have nowhere to go.",
                    "services": "Crisis demand on health and social services.",
                },
            ),
        ),
        swot=(
            ("research", SwotKind.STRENGTH, "Strong research and NGO community that knows the field."),
            ("services", SwotKind.WEAKNESS, "Front desks and forms only in Bulgarian; no interpreting."),
            ("services", SwotKind.WEAKNESS, "No municipal unit responsible for foreign residents."),
            ("employment", SwotKind.OPPORTUNITY, "Employers short of workers are ready to train foreigners."),
            ("inclusion", SwotKind.OPPORTUNITY, "The municipality's grant programmes are open to NGO projects."),
            ("anti-discrimination", SwotKind.THREAT, "Hostile public discourse on refugees."),
        ),
        future=ChallengeSpec(
            "Employers recruit more third-country workers than the city can receive",
            "In the most likely scenario workers and their families arrive faster than the municipality's "
            "services, schools and housing can adapt.",
            "employment",
            Severity.SERIOUS,
        ),
        goals=(
            GoalSpec(
                "Municipal services reach foreigners in a language they understand",
                "One place for information and help, and interpreting at every front desk.",
                ("Bulgarian only",),
                (
                    ProposalSpec(
                        "Centre of complex services for third-country nationals",
                        "One place in the municipality where newcomers get information, advice on documents, "
                        "social and legal help, with interpreting.",
                        "services",
                        "sofia-municipality-social-activities-directorate",
                        "Premises, three staff, telephone interpreting; about EUR 50,000 a year.",
                    ),
                    ProposalSpec(
                        "Telephone interpreting at municipal front desks",
                        "A framework contract for interpreting by phone in the district administrations.",
                        "services",
                        "sofia-development-association",
                        "A procurement; about EUR 10,000 a year of interpreting.",
                    ),
                ),
            ),
            GoalSpec(
                "Foreigners find work that matches their skills",
                "Employers, the labour office and NGOs prepare newcomers for work and for starting a business.",
                (FUTURE,),
                (
                    ProposalSpec(
                        "Job and entrepreneurship programme with employers",
                        "Training sponsored by employers, job matching and coaching for people who want to "
                        "start a business.",
                        "employment",
                        "sofia-labour-office-directorate",
                        "ESF funding; trainers; mentors from employers' organisations.",
                    ),
                ),
            ),
            GoalSpec(
                "Residents and newcomers know each other",
                "The city knows who its foreign residents are, and residents meet them in everyday life.",
                (WEAKEST,),
                (
                    ProposalSpec(
                        "Community projects from the municipal grant programmes",
                        "Open the municipality's grant programmes to joint projects of residents and newcomers.",
                        "inclusion",
                        "sofia-municipality-social-activities-directorate",
                        "A reserved share of the grant programmes; an officer to advise applicants.",
                    ),
                    ProposalSpec(
                        "A yearly data sheet on foreigners in Sofia",
                        "Collect and publish figures on foreign residents by district, from the state bodies "
                        "that hold them.",
                        "research",
                        "riskmonitor-foundation",
                        "A researcher two months a year; data-sharing agreements.",
                    ),
                ),
            ),
        ),
    ),
    agenda=AgendaSpec(
        title="Sofia Integration Agenda 2020–2022",
        summary="The roadmap for Sofia's vision and services for third-country nationals, prepared for the lab's "
        "most likely scenario, a city that needs workers: one place for services, interpreting, work and "
        "business, community projects and better data.",
        adopted_on=D(2020, 2, 27),
        adopted_by="Sofia Municipal Council",
        first_report=D(2020, 6, 30),
        measures=(
            MeasureSpec(
                title="Centre of complex services for third-country nationals",
                description="A centre in the Social Activities Directorate where newcomers get information, "
                "help with documents, social and legal advice in one place, with interpreting by phone for "
                "Arabic, Farsi, Russian and English. Adapted from Prague's one-stop shop.",
                area="services",
                lead="sofia-municipality-social-activities-directorate",
                partners=("sofia-development-association", "caritas-sofia", "state-agency-for-refugees-sofia-office"),
                involvement=Involvement.CONSULT,
                budget=140_000,
                staff="A social worker, a legal adviser and an administrator",
                funding="Sofia Municipality budget; AMIF national programme",
                start=D(2020, 3, 1),
                end=D(2022, 12, 31),
                goal=0,
                challenges=("Bulgarian only",),
                scenarios=(0, 2),
                proposal="Centre of complex services for third-country nationals",
                practice="cs-one-stop-shop",
                milestones=(
                    ("Premises refurbished", D(2020, 9, 30), D(2021, 1, 20)),
                    ("Centre opens", D(2020, 12, 1), D(2021, 2, 15)),
                    ("Evaluation of the first year", D(2022, 3, 31), None),
                ),
                indicators=(
                    own("Visits to the centre", ValueType.COUNT, "visits", 0, 1500, baseline_year=2020),
                    checklist("services", 35, 55),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        15,
                        "The premises in the directorate's building were assigned; the three posts are "
                        "advertised. The study visit to Prague took place online.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 22),
                        AT_RISK,
                        35,
                        "The refurbishment was delayed by the contractor; opening moved to February. Staff "
                        "recruited and trained by Caritas and the State Agency for Refugees.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 30),
                        ON_TRACK,
                        50,
                        "Opened on 15 February. 420 visits by June, most on registration, schooling and "
                        "health insurance.",
                        readings=((0, 420),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 21),
                        ON_TRACK,
                        70,
                        "910 visits in 2021. Saturday opening once a month was added for working people. "
                        "The checklist self-check rates services higher.",
                        readings=((0, 910), (1, 47)),
                    ),
                ),
            ),
            MeasureSpec(
                title="Telephone interpreting at the district front desks",
                description="A framework contract for interpreting by phone in Sofia's 24 district "
                "administrations, with a poster at each desk telling visitors in six languages that they can ask "
                "for it.",
                area="services",
                lead="sofia-development-association",
                partners=("sofia-municipality-social-activities-directorate", "council-of-refugee-women-in-bulgaria"),
                involvement=Involvement.CONSULT,
                budget=22_000,
                staff="A procurement officer; a project officer",
                funding="Sofia Municipality budget",
                start=D(2020, 4, 1),
                end=D(2021, 6, 30),
                goal=0,
                challenges=("Bulgarian only",),
                scenarios=(0, 2),
                proposal="Telephone interpreting at municipal front desks",
                milestones=(
                    ("Interpreting contract signed", D(2020, 7, 31), D(2020, 10, 5)),
                    ("Interpreting at all 24 district front desks", D(2021, 6, 30), None),
                ),
                indicators=(
                    own("District front desks offering interpreting", ValueType.COUNT, "desks", 0, 24),
                    own("Calls interpreted", ValueType.COUNT, "calls", 0, 600),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 7, 3),
                        ON_TRACK,
                        20,
                        "Tender published in May; two offers received. The Council of Refugee Women tested "
                        "the poster with its members.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 18),
                        ON_TRACK,
                        45,
                        "Contract signed in October. Eight district front desks trained and offering "
                        "interpreting; 64 calls so far, mostly Arabic and Farsi.",
                        readings=((0, 8), (1, 64)),
                    ),
                    UpdateSpec(
                        D(2021, 7, 2),
                        AT_RISK,
                        55,
                        "Only 11 districts take part; the others say they have no foreign visitors. Staff "
                        "turnover means the trained clerks have left in three districts.",
                        readings=((0, 11), (1, 171)),
                    ),
                    UpdateSpec(
                        D(2021, 10, 29),
                        DELAYED,
                        60,
                        "The measure has passed its end date. The contract was not renewed in time by "
                        "procurement; Arabic and Farsi are covered until March only. The district mayors "
                        "will discuss it in November.",
                        readings=((1, 215),),
                        note="Ask the deputy mayor to put the contract in the 2022 budget.",
                    ),
                ),
            ),
            MeasureSpec(
                title="Work-ready: job and entrepreneurship programme with employers",
                description="Employers sponsor vocational training and work placements; the labour office "
                "matches candidates and NGOs coach those who want to start a business.",
                area="employment",
                lead="sofia-labour-office-directorate",
                partners=(
                    "sofia-development-association",
                    "council-of-refugee-women-in-bulgaria",
                    "multi-kulti-collective",
                ),
                involvement=Involvement.INVOLVE,
                budget=75_000,
                staff="Two job counsellors; trainers from employers",
                funding="Operational Programme Human Resources Development (ESF)",
                start=D(2020, 9, 1),
                end=D(2022, 8, 31),
                goal=1,
                challenges=(FUTURE,),
                scenarios=(0,),
                proposal="Job and entrepreneurship programme with employers",
                milestones=(
                    ("Agreements with five employers", D(2020, 12, 31), D(2021, 2, 26)),
                    ("First business coaching group", D(2021, 4, 30), None),
                ),
                indicators=(
                    own("Participants placed in jobs", ValueType.COUNT, "people", 0, 60, baseline_year=2020),
                    statistic("employment-rate-non-eu", 63.9, 66.0),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 10, 16),
                        ON_TRACK,
                        5,
                        "The ESF grant was confirmed in September. Employers are cautious because of the "
                        "pandemic; three have agreed so far.",
                    ),
                    UpdateSpec(
                        D(2021, 3, 12),
                        ON_TRACK,
                        25,
                        "Agreements with five employers (two hotels, a call centre, two construction firms). "
                        "First training group of 14 started in March; 4 already placed. The national "
                        "employment rate of non-EU citizens for 2020 is recorded.",
                        readings=((0, 4), (1, 65.4)),
                        measured_on=D(2020, 12, 31),
                    ),
                ),
                internal_notes="No report since March 2021: the counsellor who reported is on long leave.",
            ),
            MeasureSpec(
                title="Community projects from the municipal grant programmes",
                description="A share of the municipality's grant programmes is reserved for projects that "
                "residents and newcomers run together; an officer advises first-time applicants.",
                area="inclusion",
                lead="sofia-municipality-social-activities-directorate",
                partners=("multi-kulti-collective", "caritas-sofia", "council-of-refugee-women-in-bulgaria"),
                involvement=Involvement.COLLABORATE,
                budget=50_000,
                staff="A grants officer, a quarter of her time",
                funding="Sofia Municipality grant programmes",
                start=D(2020, 5, 1),
                end=D(2022, 10, 31),
                goal=2,
                challenges=(WEAKEST,),
                scenarios=(0, 1),
                proposal="Community projects from the municipal grant programmes",
                milestones=(
                    ("First call with the reserved share", D(2020, 10, 31), D(2020, 11, 9)),
                    ("Second call", D(2021, 10, 31), D(2021, 10, 15)),
                ),
                indicators=(
                    own("Joint projects funded", ValueType.COUNT, "projects", 0, 15),
                    own(
                        "Funded projects with a newcomer in the team",
                        ValueType.PERCENT,
                        "%",
                        0,
                        80,
                        baseline_year=2020,
                    ),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        10,
                        "The council approved a 10 % share of the grant programmes for joint projects.",
                    ),
                    UpdateSpec(
                        D(2021, 1, 15),
                        ON_TRACK,
                        35,
                        "First call closed in December: 17 applications, 6 funded, among them a women's "
                        "sewing workshop and a neighbourhood football league.",
                        readings=((0, 6), (1, 67)),
                    ),
                    UpdateSpec(
                        D(2021, 12, 20),
                        ON_TRACK,
                        65,
                        "Second call: 5 more projects funded, 4 of them with a newcomer in the team. The "
                        "advice hours helped two migrant associations apply for the first time.",
                        readings=((0, 11), (1, 73)),
                    ),
                ),
            ),
            MeasureSpec(
                title="A yearly data sheet on foreigners in Sofia",
                description="Figures on foreign residents by district, nationality group and permit type, "
                "collected from the Migration Directorate and the State Agency for Refugees and published each "
                "year.",
                area="research",
                lead="riskmonitor-foundation",
                partners=("sofia-university-migration-research-group", "migration-directorate-sofia"),
                involvement=Involvement.INFORM,
                budget=12_000,
                staff="A researcher two months a year",
                funding="RiskMonitor Foundation; Sofia Municipality",
                start=D(2020, 1, 15),
                end=D(2021, 12, 31),
                goal=2,
                challenges=(WEAKEST,),
                scenarios=(1, 2),
                proposal="A yearly data sheet on foreigners in Sofia",
                milestones=(
                    ("Data-sharing agreement with the Migration Directorate", D(2020, 4, 30), D(2020, 7, 8)),
                    ("First data sheet published", D(2020, 11, 30), D(2020, 12, 10)),
                    ("Second data sheet published", D(2021, 11, 30), D(2021, 11, 24)),
                ),
                indicators=(own("Data sheets published", ValueType.COUNT, "issues", 0, 2, target_year=2021),),
                updates=(
                    UpdateSpec(
                        D(2020, 7, 10),
                        ON_TRACK,
                        30,
                        "The Migration Directorate agreed to share figures by district every year, aggregated "
                        "so that no person can be singled out.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 14),
                        ON_TRACK,
                        55,
                        "The first data sheet was published: about 14,000 non-EU citizens in Sofia, most in "
                        "Mladost, Lozenets and Lyulin.",
                        readings=((0, 1),),
                    ),
                    UpdateSpec(
                        D(2021, 11, 26),
                        DONE,
                        100,
                        "The second data sheet is out, with a page on pupils of foreign parents. The "
                        "Municipal Council's social committee asked for it every year.",
                        readings=((0, 2),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Language cafés and Bulgarian classes for adults",
                description="Evening Bulgarian classes in two community centres and a weekly language café run "
                "by volunteers and newcomers who already speak Bulgarian.",
                area="language",
                lead="multi-kulti-collective",
                partners=("caritas-sofia", "council-of-refugee-women-in-bulgaria"),
                involvement=Involvement.EMPOWER,
                budget=16_000,
                staff="Two teachers part time; volunteers",
                funding="Sofia Municipality culture programme; donations",
                start=D(2020, 2, 1),
                end=D(2022, 6, 30),
                goal=2,
                challenges=(WEAKEST, "Bulgarian only"),
                scenarios=(0, 1),
                milestones=(("Classes in two community centres", D(2020, 3, 31), D(2020, 9, 21)),),
                indicators=(own("Adults finishing a Bulgarian course", ValueType.COUNT, "people", 0, 90),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        AT_RISK,
                        10,
                        "Classes started in February and stopped in March; the café continued on video calls.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 21),
                        ON_TRACK,
                        35,
                        "Classes resumed in September in two community centres, in smaller groups; 18 adults "
                        "finished the autumn course.",
                        readings=((0, 18),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 17),
                        ON_TRACK,
                        65,
                        "Two more terms; 51 adults have finished a course. Three former learners now help at the café.",
                        readings=((0, 51),),
                    ),
                ),
            ),
        ),
    ),
)


# ---------------------------------------------------------------- Košice

KOSICE = CitySpec(
    slug="kosice",
    lab=LabSpec(
        title="Košice City Integration Lab",
        start=D(2019, 5, 9),
        end=D(2019, 5, 10),
        place="Košická Belá",
        horizon=5,
        participants={P.TCN: 4, P.LOCAL_GOVERNMENT: 6, P.STATE: 2, P.NGO: 6, P.ACADEMIA: 3, P.EMPLOYERS: 2},
        notes="Twenty-three participants: NGOs, the Migration Office, local and city councillors, the city "
        "administration, the Academy of Sciences and foreigners living in Košice. The audit report named the "
        "weaknesses: no city vision on migration, the first contact with newcomers, cooperation with "
        "employers and social services. A round table followed in June.",
        drivers=(
            DriverSpec(
                "Employers recruiting abroad",
                "Industry and IT firms cannot fill vacancies; more workers come from Ukraine, Serbia and India.",
                5,
                3,
            ),
            DriverSpec(
                "Integration among the city's priorities",
                "Whether the city treats foreigners as long-term residents, with a vision and a contact point.",
                4,
                4,
            ),
            DriverSpec(
                "International students at Košice's universities",
                "New programmes in English bring more students from third countries; some stay after graduating.",
                4,
                3,
            ),
            DriverSpec(
                "Residents' attitudes towards foreigners",
                "Košice has a multicultural history but little everyday contact with today's newcomers.",
                3,
                4,
            ),
            DriverSpec(
                "National permit procedures",
                "Long waits at the foreign police and frequent changes of the rules.",
                4,
                2,
            ),
        ),
        scenarios=(
            ScenarioSpec(
                "Košice grows international",
                "The economy grows and the universities expand: workers and students arrive and more of them "
                "stay, start families and businesses. The city treats them as residents and communicates their "
                "contribution.",
                Likelihood.HIGH,
                {
                    0: "Employers keep recruiting abroad; foreigners double to 4 % of residents",
                    1: "The city adopts a vision and names a contact point",
                    2: "More graduates stay and work in Košice",
                },
                {
                    "services": "Newcomers need information in English, Ukrainian and Russian from day one.",
                    "employment": "Employers need help with permits and with families' settling in.",
                    "housing": "Demand for rented flats near the industrial park.",
                },
            ),
            ScenarioSpec(
                "Workers come and go",
                "Foreigners come on short contracts through agencies and leave when the contract ends. The city "
                "sees them as visitors; nobody plans for them and contact with residents stays rare.",
                Likelihood.MEDIUM,
                {
                    0: "Agency contracts of a year or less",
                    1: "Integration stays off the city's agenda",
                    3: "Residents barely meet the newcomers",
                },
                {
                    "services": "Short-stay workers do not know where to turn when something goes wrong.",
                    "inclusion": "No community forms; people stay isolated.",
                },
            ),
            ScenarioSpec(
                "Slowdown",
                "The car industry cuts jobs; foreign workers are laid off first and some lose their permits. "
                "Tension rises as residents compete for the remaining jobs.",
                Likelihood.LOW,
                {
                    0: "Layoffs; foreign workers go first",
                    3: "Residents see foreigners as competitors",
                    4: "Permits tied to jobs are lost",
                },
                {
                    "legal-advice": "People who lose their jobs need advice on their permits quickly.",
                    "anti-discrimination": "Prejudice in hiring and renting grows.",
                },
            ),
        ),
        swot=(
            ("culture", SwotKind.STRENGTH, "Successful cultural and social activities; a multicultural history."),
            ("services", SwotKind.WEAKNESS, "No information for newcomers in a language other than Slovak."),
            ("services", SwotKind.WEAKNESS, "No city vision on migration and no contact point at City Hall."),
            ("employment", SwotKind.WEAKNESS, "Little cooperation between the city and employers."),
            ("education", SwotKind.OPPORTUNITY, "Universities recruit international students."),
            ("employment", SwotKind.THREAT, "Dependence on one industry; foreign workers laid off first."),
        ),
        future=ChallengeSpec(
            "More foreign workers and students settle for good",
            "The lab expects the number of foreigners to double in five years and more of them to stay: the "
            "city has no vision or contact point for long-term foreign residents.",
            "services",
            Severity.SERIOUS,
        ),
        goals=(
            GoalSpec(
                "Newcomers get clear information from their first day",
                "Information on documents, housing, health and schools in English, Ukrainian and Russian.",
                ("information",),
                (
                    ProposalSpec(
                        "Newcomer section on the city website",
                        "Pages for foreigners on the city's website: documents, offices, health insurance, "
                        "schools and organisations that help.",
                        "services",
                        "city-of-kosice-social-affairs-department",
                        "The communication department's web editor; translations; review by the foreign police.",
                    ),
                    ProposalSpec(
                        "Welcome kit for newcomers",
                        "A printed kit with a city map, first steps, contacts and a calendar of events, handed out "
                        "at the foreign police, universities and employers.",
                        "services",
                        "etp-slovakia",
                        "Design, translation and printing of 2,000 kits.",
                    ),
                ),
            ),
            GoalSpec(
                "The city has a vision and a contact point for foreign residents",
                "Košice treats foreigners as long-term residents and has someone responsible for them.",
                (FUTURE,),
                (
                    ProposalSpec(
                        "Integration contact point at City Hall",
                        "An officer at City Hall who coordinates integration work and answers newcomers, NGOs and "
                        "employers.",
                        "services",
                        "city-of-kosice-social-affairs-department",
                        "One officer, full time, from the city budget.",
                    ),
                ),
            ),
            GoalSpec(
                "Foreigners and residents meet",
                "Residents meet their foreign neighbours and learn what they bring to the city.",
                (WEAKEST,),
                (
                    ProposalSpec(
                        "City walks on the traces of foreigners",
                        "Guided walks about the foreigners who shaped Košice in the past and today.",
                        "culture",
                        "etp-slovakia",
                        "Guides' fees and a printed map; the City Information Centre's help.",
                    ),
                ),
            ),
        ),
    ),
    agenda=AgendaSpec(
        title="City Integration Agenda for Košice 2020–2022",
        summary="The first document on the integration of foreigners in Košice: clear information from the first "
        "day (a newcomer section on the city website and a welcome kit), a contact point at City Hall, language "
        "lessons, work and encounters between residents and newcomers.",
        adopted_on=D(2019, 12, 10),
        adopted_by="Košice City Council",
        first_report=D(2020, 6, 30),
        consulted=False,
        measures=(
            MeasureSpec(
                title="Newcomer section on the city website",
                description="A section of the city's website for foreigners, in English, Ukrainian and Russian: "
                "documents and offices, health insurance, schools, housing and organisations that help. "
                "Written with ETP Slovakia and checked by the foreign police.",
                area="services",
                lead="city-of-kosice-social-affairs-department",
                partners=("etp-slovakia", "mareena", "foreign-police-department-kosice"),
                involvement=Involvement.CONSULT,
                budget=8_000,
                staff="The communication department's web editor; translators",
                funding="City of Košice budget",
                start=D(2020, 1, 1),
                end=D(2020, 12, 31),
                goal=0,
                challenges=("information",),
                scenarios=(0, 1),
                proposal="Newcomer section on the city website",
                milestones=(
                    ("Section launched", D(2020, 1, 31), D(2020, 1, 24)),
                    ("Ukrainian and Russian versions online", D(2020, 9, 30), D(2020, 8, 20)),
                ),
                indicators=(
                    own("Languages the section is available in", ValueType.COUNT, "languages", 0, 3),
                    own("Visits to the section per month", ValueType.COUNT, "visits", 0, 1500),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 1, 27),
                        ON_TRACK,
                        60,
                        "The section went online on 24 January, presented at a press conference with ETP "
                        "Slovakia; pages in Slovak and English.",
                        readings=((0, 1),),
                    ),
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        80,
                        "A page on the pandemic rules in English was added in March and became the most read. "
                        "Newcomers tested the pages with Mareena and asked for a map of the offices.",
                        readings=((1, 1850),),
                    ),
                    UpdateSpec(
                        D(2020, 12, 15),
                        DONE,
                        100,
                        "Ukrainian and Russian versions are online since August. The communication department "
                        "keeps the section up to date as part of the city website.",
                        readings=((0, 3), (1, 1240)),
                    ),
                ),
            ),
            MeasureSpec(
                title="Welcome kit for newcomers",
                description="A kit with a city map, the first steps after arrival, contacts, emergency numbers "
                "and a calendar of events, in English, Ukrainian and Russian, handed out at the foreign police, "
                "the universities' international offices and by employers.",
                area="services",
                lead="etp-slovakia",
                partners=(
                    "city-of-kosice-social-affairs-department",
                    "foreign-police-department-kosice",
                    "technical-university-of-kosice-international-office",
                    "kosice-welcome-club",
                ),
                involvement=Involvement.INVOLVE,
                budget=12_000,
                staff="A project officer; a designer",
                funding="AMIF (INTEGRA follow-up); City of Košice",
                start=D(2020, 2, 1),
                end=D(2021, 3, 31),
                goal=0,
                challenges=("information",),
                scenarios=(0, 1),
                proposal="Welcome kit for newcomers",
                milestones=(
                    ("Content agreed with the foreign police", D(2020, 5, 31), D(2020, 6, 19)),
                    ("2,000 kits printed", D(2020, 9, 30), D(2021, 1, 12)),
                ),
                indicators=(own("Welcome kits handed out", ValueType.COUNT, "kits", 0, 1500, target_year=2021),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        35,
                        "Newcomers from the Welcome Club chose what goes in the kit; the foreign police checked "
                        "the first steps.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 16),
                        AT_RISK,
                        60,
                        "Printing was held back while the residence rules changed in the autumn; the text is "
                        "updated and goes to print in January.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 29),
                        DONE,
                        100,
                        "2,000 kits printed in January; 1,150 handed out by June at the foreign police, the "
                        "two universities and four employers. The kit is also a PDF on the city website.",
                        readings=((0, 1150),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Integration contact point at City Hall",
                description="An integration officer at City Hall coordinates the agenda's measures, answers "
                "newcomers, NGOs and employers, and prepares the city's first integration policy.",
                area="services",
                lead="city-of-kosice-social-affairs-department",
                partners=("etp-slovakia", "labour-office-kosice"),
                involvement=Involvement.CONSULT,
                budget=90_000,
                staff="One officer, full time",
                funding="City of Košice budget",
                start=D(2020, 6, 1),
                end=D(2021, 6, 30),
                goal=1,
                challenges=(FUTURE,),
                scenarios=(0,),
                proposal="Integration contact point at City Hall",
                milestones=(
                    ("Post created in the city's organisation chart", D(2020, 9, 30), D(2021, 2, 18)),
                    ("Officer in post", D(2020, 12, 31), None),
                ),
                indicators=(checklist("strategy", 30, 50),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        NOT_STARTED,
                        0,
                        "The post was not in the 2020 budget; the social affairs department proposes it for 2021.",
                    ),
                    UpdateSpec(
                        D(2021, 2, 26),
                        AT_RISK,
                        20,
                        "The council created the post in February; the recruitment waits for the budget "
                        "revision in the spring.",
                    ),
                    UpdateSpec(
                        D(2021, 11, 22),
                        DELAYED,
                        30,
                        "The measure has passed its end date and the post is still vacant: the first "
                        "recruitment found nobody who speaks English. ETP Slovakia covers the questions "
                        "meanwhile. The checklist self-check shows no change on strategy.",
                        readings=((0, 30),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Slovak lessons for mothers, with a crèche",
                description="Slovak lessons for mothers in the morning, with a volunteer crèche in the same "
                "building; the first lesson is held in the family centre the mothers already know. Adapted from "
                "Rubano's Italian courses for mothers.",
                area="language",
                lead="mareena",
                partners=("city-of-kosice-social-affairs-department",),
                involvement=Involvement.INVOLVE,
                budget=15_000,
                staff="Two teachers part time; volunteer carers",
                funding="City of Košice grant; donations",
                start=D(2020, 1, 1),
                end=D(2022, 6, 30),
                goal=2,
                challenges=(WEAKEST,),
                scenarios=(0, 1),
                practice="it-italian-courses-mothers",
                milestones=(("A second group in Košice-Západ", D(2021, 3, 31), D(2021, 9, 13)),),
                indicators=(own("Mothers who finished a term", ValueType.COUNT, "people", 0, 60),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        AT_RISK,
                        15,
                        "The spring term stopped in March; the teachers sent weekly exercises by phone.",
                    ),
                    UpdateSpec(
                        D(2021, 1, 18),
                        ON_TRACK,
                        35,
                        "The autumn term ran in small groups: 12 mothers finished it.",
                        readings=((0, 12),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 14),
                        ON_TRACK,
                        60,
                        "A second group started in Košice-Západ in September. 31 mothers have finished a "
                        "term; five went on to the city's regular evening course.",
                        readings=((0, 31),),
                    ),
                ),
            ),
            MeasureSpec(
                title="City walks on the traces of foreigners",
                description="Guided walks each December about the foreigners who shaped Košice, from Turkish "
                "cafés a century ago to today's restaurants and firms, with an illustrated map of restaurants "
                "run by foreigners.",
                area="culture",
                lead="etp-slovakia",
                partners=("kosice-welcome-club",),
                involvement=Involvement.EMPOWER,
                budget=10_000,
                staff="A project officer; two local guides",
                funding="City of Košice culture grant",
                start=D(2020, 5, 1),
                end=D(2022, 12, 31),
                goal=2,
                challenges=(WEAKEST,),
                scenarios=(1, 2),
                proposal="City walks on the traces of foreigners",
                milestones=(
                    ("Walks in December 2020", D(2020, 12, 15), None),
                    ("Walks in December 2021", D(2021, 12, 15), D(2021, 12, 11)),
                ),
                indicators=(own("People who took part in the walks", ValueType.COUNT, "people", 450, 1500),),
                updates=(
                    UpdateSpec(
                        D(2020, 12, 10),
                        AT_RISK,
                        20,
                        "The December walks could not take place; a virtual walk with the guides was "
                        "published instead and watched about 2,000 times.",
                    ),
                    UpdateSpec(
                        D(2021, 12, 13),
                        ON_TRACK,
                        55,
                        "Twelve walks on 10 and 11 December with 380 people; three newcomers told their own "
                        "stories on the way.",
                        readings=((0, 830),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Job fair with employers who recruit abroad",
                description="A yearly job fair where employers, the labour office and the universities meet "
                "foreigners living in Košice, with advice on permits and recognition of diplomas.",
                area="employment",
                lead="labour-office-kosice",
                partners=("technical-university-of-kosice-international-office", "etp-slovakia"),
                involvement=Involvement.INVOLVE,
                budget=14_000,
                staff="Two labour office counsellors",
                funding="Labour office budget",
                start=D(2020, 9, 1),
                end=D(2022, 5, 31),
                goal=1,
                challenges=(FUTURE,),
                scenarios=(0, 2),
                milestones=(("First job fair", D(2021, 4, 30), D(2021, 10, 7)),),
                indicators=(
                    own("Employers at the job fair", ValueType.COUNT, "employers", 0, 30),
                    statistic("unemployment-rate-non-eu", 6.8, 6.0),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 12, 15),
                        AT_RISK,
                        5,
                        "The fair cannot be held before spring; the labour office started a list of employers "
                        "who recruit abroad.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 30),
                        AT_RISK,
                        25,
                        "The fair was moved from April to October. The national unemployment rate of non-EU "
                        "citizens for 2020 is recorded.",
                        readings=((1, 6.1),),
                        measured_on=D(2020, 12, 31),
                    ),
                    UpdateSpec(
                        D(2021, 12, 10),
                        ON_TRACK,
                        50,
                        "The first fair on 7 October: 21 employers, about 300 visitors; 40 job interviews were "
                        "arranged on the spot.",
                        readings=((0, 21),),
                    ),
                ),
            ),
        ),
    ),
)


# ---------------------------------------------------------------- Osijek
# Osijek's agenda is its "Local Integration Plan". The seeds do not list its local areas; the six used
# here as the plan's goals are those the Osijek lab defined according to the partner's public news post:
# education; health care and social welfare; employment and housing; local capacities; security; and
# raising citizens' awareness.

OSIJEK = CitySpec(
    slug="osijek",
    lab=LabSpec(
        title="Osijek City Integration Lab",
        start=D(2019, 3, 22),
        end=D(2019, 3, 23),
        place="Kopačevo",
        horizon=5,
        participants={P.TCN: 2, P.LOCAL_GOVERNMENT: 3, P.STATE: 3, P.NGO: 9, P.ACADEMIA: 2},
        notes="A two-day workshop moderated by two professors of administrative science. Police, the city, the "
        "Croatian Employment Service, the ombudsperson's office, the Red Cross and nine NGOs built scenarios for "
        "3 to 5 years, a SWOT of the city, and goals for six local areas of integration.",
        drivers=(
            DriverSpec(
                "Relocation of persons granted international protection",
                "The state's plan to place persons granted protection in cities across Croatia.",
                5,
                4,
            ),
            DriverSpec(
                "Labour shortages in Slavonia",
                "Emigration of young Croatians leaves jobs in construction, tourism and care unfilled.",
                4,
                3,
            ),
            DriverSpec(
                "Capacity of the city's services",
                "Staff who can speak other languages and know the rules on foreigners.",
                4,
                3,
            ),
            DriverSpec(
                "Residents' attitudes",
                "A city marked by war and emigration; fear of the unknown, but also solidarity.",
                4,
                4,
            ),
            DriverSpec(
                "National integration policy and funding",
                "The action plan for integration and who pays for local services.",
                3,
                3,
            ),
        ),
        scenarios=(
            ScenarioSpec(
                "Relocated families arrive",
                "The state places several dozen persons granted protection in Osijek, mostly families from Syria "
                "and Afghanistan. They need flats, schools, doctors and Croatian lessons at once; the city has to "
                "coordinate services that have never worked with refugees.",
                Likelihood.HIGH,
                {
                    0: "About 50 persons granted protection placed in Osijek within two years",
                    2: "Front desks unprepared; no interpreting",
                    3: "Residents curious but worried",
                },
                {
                    "housing": "State-funded flats for two years; then the families must pay rent.",
                    "education": "Children need Croatian and school assistants from the first day.",
                    "health": "Trauma and chronic illness; no information in Arabic or Farsi.",
                },
            ),
            ScenarioSpec(
                "Workers for Slavonia",
                "Employers bring workers from Bosnia and Herzegovina, Serbia, Nepal and the Philippines to fill "
                "the jobs of those who emigrated. Most are men on one-year permits.",
                Likelihood.MEDIUM,
                {
                    1: "Employers recruit hundreds of foreign workers a year",
                    2: "Services see workers only at the police station",
                    4: "Quotas for foreign workers raised",
                },
                {
                    "employment": "Workers need information on their rights; risk of exploitation.",
                    "housing": "Workers crowded in flats rented by the employer.",
                },
            ),
            ScenarioSpec(
                "Nothing changes",
                "Few foreigners come and those who come leave soon; integration stays a topic of NGOs. The "
                "signage stays in Croatian only.",
                Likelihood.LOW,
                {
                    0: "Relocation postponed",
                    3: "The topic is forgotten",
                    4: "No funding for local integration",
                },
                {
                    "services": "The few newcomers face the same monolingual city.",
                    "participation": "NGOs carry integration alone.",
                },
            ),
        ),
        swot=(
            ("inclusion", SwotKind.STRENGTH, "Experienced NGOs and a Red Cross branch that know the newcomers."),
            ("urban-environment", SwotKind.WEAKNESS, "Signage and forms only in Croatian."),
            ("services", SwotKind.WEAKNESS, "Front-desk staff do not know the rules on foreigners."),
            ("employment", SwotKind.OPPORTUNITY, "Employers need workers."),
            ("education", SwotKind.OPPORTUNITY, "The university's students volunteer as Croatian tutors."),
            ("safety", SwotKind.THREAT, "Prejudice and hate speech on local web portals."),
        ),
        future=ChallengeSpec(
            "Persons granted protection relocated to Osijek without housing and services ready",
            "The national relocation plan may place families in Osijek at short notice; nobody coordinates "
            "housing, schools, health care and work for them.",
            "housing",
            Severity.SERIOUS,
        ),
        goals=(
            GoalSpec(
                "Newcomers can find their way in the city",
                "Signs, forms and information in English and in the newcomers' languages.",
                ("Signage",),
                (
                    ProposalSpec(
                        "Bilingual signage at the bus station, the health centre and City Hall",
                        "Signs in Croatian and English, with pictograms, at the places the city walk found hardest.",
                        "urban-environment",
                        "city-of-osijek-department-of-social-welfare",
                        "Design and installation; translation of the most used forms.",
                    ),
                ),
            ),
            GoalSpec(
                "Housing, work and care are ready for persons granted protection",
                "One plan, agreed by all services, for each family that is placed in Osijek.",
                (FUTURE,),
                (
                    ProposalSpec(
                        "Reception and settlement plan for relocated families",
                        "A coordination group and a plan per family: flat, school, doctor, Croatian lessons, work.",
                        "housing",
                        "city-of-osijek-department-of-social-welfare",
                        "A coordinator; the services' time; interpreting.",
                    ),
                ),
            ),
            GoalSpec(
                "Residents know and welcome their new neighbours",
                "Residents know who the newcomers are and why they came.",
                (WEAKEST,),
                (
                    ProposalSpec(
                        "Awareness campaign with a photo exhibition and school debates",
                        "The photovoice pictures shown in the city, and debates in secondary schools.",
                        "anti-discrimination",
                        "centre-for-peace-osijek",
                        "Exhibition panels, debate handouts, trainers.",
                    ),
                ),
            ),
        ),
    ),
    agenda=AgendaSpec(
        title="Local Integration Plan of the City of Osijek 2020–2022",
        summary="The Local Integration Plan organises the lab's proposals along six local areas of integration: "
        "education; health care and social welfare; employment and housing; local capacities; security; and "
        "raising citizens' awareness. It prepares the city for families placed under the national relocation "
        "plan and removes the barrier the audit found first: a city that speaks only Croatian.",
        adopted_on=D(2020, 1, 30),
        adopted_by="City Council of Osijek",
        first_report=D(2020, 6, 30),
        goals=(
            GoalSpec(
                "Education",
                "Children and adults learn Croatian; schools are ready for pupils who do not speak it yet.",
                (FUTURE,),
            ),
            GoalSpec(
                "Health care and social welfare",
                "Newcomers know how to reach a doctor and social services, in a language they understand.",
                (FUTURE, "Signage"),
            ),
            GoalSpec(
                "Employment and housing",
                "Persons granted protection find a flat and work before state support ends.",
                (FUTURE,),
            ),
            GoalSpec(
                "Local capacities",
                "The city's signs, forms and front desks serve people who do not speak Croatian.",
                ("Signage",),
            ),
            GoalSpec(
                "Security",
                "Newcomers feel safe and report incidents; hate crimes are recorded and followed up.",
                (WEAKEST,),
            ),
            GoalSpec(
                "Raising citizens' awareness",
                "Residents know who their new neighbours are and why they came.",
                (WEAKEST,),
            ),
        ),
        measures=(
            MeasureSpec(
                title="Croatian lessons with student tutors",
                description="Croatian lessons for adults at the Faculty of Humanities and Social Sciences and "
                "student tutors who help children of newcomers with homework.",
                area="language",
                lead="josip-juraj-strossmayer-university-of-osijek",
                partners=("centre-for-peace-osijek", "red-cross-osijek"),
                involvement=Involvement.INVOLVE,
                budget=20_000,
                staff="A language teacher part time; 15 student volunteers",
                funding="University; Osijek-Baranja County",
                start=D(2020, 2, 1),
                end=D(2022, 6, 30),
                goal=0,
                challenges=(FUTURE,),
                scenarios=(0, 1),
                milestones=(("Tutors trained", D(2020, 10, 31), D(2020, 11, 6)),),
                indicators=(
                    own("Adults finishing a Croatian course", ValueType.COUNT, "people", 0, 45),
                    own("Children with a tutor", ValueType.COUNT, "children", 0, 30),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 7, 1),
                        AT_RISK,
                        10,
                        "The spring course stopped after three weeks; online lessons reached only four learners.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 18),
                        ON_TRACK,
                        35,
                        "Fifteen students trained as tutors in November; 11 children have a tutor.",
                        readings=((1, 11),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 16),
                        ON_TRACK,
                        65,
                        "Two courses finished by 19 adults; 17 children have a tutor. The faculty counts the "
                        "tutoring as students' practice from next year.",
                        readings=((0, 19), (1, 17)),
                    ),
                ),
            ),
            MeasureSpec(
                title="Health and social care information in Arabic, Farsi and English",
                description="Leaflets and a phone line on how to register with a doctor, get a health card and "
                "apply for social assistance, and Red Cross volunteers who accompany newcomers to their first "
                "appointments.",
                area="health",
                lead="red-cross-osijek",
                partners=("city-of-osijek-department-of-social-welfare", "osijek-baranja-county"),
                involvement=Involvement.CONSULT,
                budget=11_000,
                staff="A Red Cross coordinator; volunteers",
                funding="Osijek-Baranja County; Red Cross",
                start=D(2020, 3, 1),
                end=D(2021, 12, 31),
                goal=1,
                challenges=(FUTURE, "Signage"),
                scenarios=(0,),
                milestones=(("Leaflets printed in three languages", D(2020, 9, 30), D(2020, 10, 15)),),
                indicators=(own("Newcomers accompanied to appointments", ValueType.COUNT, "people", 0, 80),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        30,
                        "The health centre checked the text; the pandemic information was added first.",
                    ),
                    UpdateSpec(
                        D(2021, 1, 12),
                        ON_TRACK,
                        60,
                        "Leaflets printed in October; 26 newcomers accompanied to the doctor or to the "
                        "social welfare centre.",
                        readings=((0, 26),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 9),
                        DONE,
                        100,
                        "81 people accompanied; the volunteers also helped with vaccination appointments. The "
                        "county funds the leaflets from 2022.",
                        readings=((0, 81),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Reception and settlement plan for relocated families",
                description="A coordination group of the city, the police, the employment service, the social "
                "welfare centre and NGOs agrees a plan for each family placed in Osijek: flat, school, doctor, "
                "Croatian lessons and work, before state-funded housing ends after two years.",
                area="housing",
                lead="city-of-osijek-department-of-social-welfare",
                partners=("croatian-employment-service-osijek", "centre-for-peace-osijek", "red-cross-osijek"),
                involvement=Involvement.INVOLVE,
                budget=35_000,
                staff="A coordinator half time; interpreters",
                funding="City of Osijek; AMIF national programme",
                start=D(2020, 2, 1),
                end=D(2021, 6, 30),
                goal=2,
                challenges=(FUTURE,),
                scenarios=(0, 1),
                proposal="Reception and settlement plan for relocated families",
                milestones=(
                    ("Coordination group set up", D(2020, 4, 30), D(2020, 6, 10)),
                    ("Protocol signed by all services", D(2020, 12, 31), None),
                ),
                indicators=(
                    own(
                        "Relocated adults in work or training",
                        ValueType.PERCENT,
                        "%",
                        0,
                        50,
                        baseline_year=2020,
                        target_year=2021,
                    ),
                    statistic("unemployment-rate-non-eu", 10.0, 8.0),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        20,
                        "The coordination group met for the first time on 10 June. Three families are "
                        "expected in the autumn.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 21),
                        AT_RISK,
                        40,
                        "Four families (17 people) arrived. The protocol is drafted, but the state housing "
                        "office has not agreed to share the end dates of the families' housing.",
                        readings=((0, 20),),
                    ),
                    UpdateSpec(
                        D(2021, 9, 30),
                        DELAYED,
                        50,
                        "The measure has passed its end date without a signed protocol. Two adults are in work "
                        "and three in training; the first family's state housing ends in 2022. The national "
                        "unemployment rate of non-EU citizens for 2020 is recorded.",
                        readings=((0, 45), (1, 9.6)),
                        measured_on=D(2020, 12, 31),
                        note="The county's legal service must confirm that the city may hold the families' data.",
                    ),
                ),
            ),
            MeasureSpec(
                title="Bilingual signage at the bus station, the health centre and City Hall",
                description="Signs in Croatian and English with pictograms at the bus and railway stations, the "
                "health centre and City Hall, the places the city walk found hardest; the ten most used forms "
                "translated into English.",
                area="urban-environment",
                lead="city-of-osijek-department-of-social-welfare",
                partners=("centre-for-peace-osijek", "osijek-intercultural-association"),
                involvement=Involvement.CONSULT,
                budget=26_000,
                staff="The city's works department; a translator",
                funding="City of Osijek budget",
                start=D(2020, 3, 1),
                end=D(2021, 10, 31),
                goal=3,
                challenges=("Signage",),
                scenarios=(0, 1, 2),
                proposal="Bilingual signage at the bus station, the health centre and City Hall",
                milestones=(
                    ("Signs at City Hall", D(2020, 9, 30), D(2020, 9, 25)),
                    ("Signs at the stations and the health centre", D(2021, 6, 30), D(2021, 6, 22)),
                    ("Ten forms in English", D(2021, 10, 31), D(2021, 10, 20)),
                ),
                indicators=(
                    own("Public buildings with bilingual signs", ValueType.COUNT, "buildings", 0, 4),
                    checklist("public-space", 30, 55),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        20,
                        "Members of the Intercultural Association walked the route again with the designer "
                        "and chose the pictograms.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 18),
                        ON_TRACK,
                        45,
                        "Signs at City Hall in place since September. The stations' owners agreed to the signs.",
                        readings=((0, 1),),
                    ),
                    UpdateSpec(
                        D(2021, 6, 28),
                        ON_TRACK,
                        80,
                        "Signs at the bus and railway stations and the health centre in place.",
                        readings=((0, 4),),
                    ),
                    UpdateSpec(
                        D(2021, 11, 5),
                        DONE,
                        100,
                        "The ten forms are in English on the city website and at the front desks. A repeat "
                        "walk found the route readable; the checklist self-check rates public space higher.",
                        readings=((1, 52),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Intercultural communication training for front-desk staff",
                description="Two-day trainings for front-desk staff of the city, the county, the police and the "
                "employment service: the rules on foreigners, working with interpreters, and prejudice.",
                area="services",
                lead="centre-for-peace-osijek",
                partners=(
                    "city-of-osijek-department-of-social-welfare",
                    "osijek-baranja-county",
                    "police-administration-osijek-baranja-foreigners-unit",
                ),
                involvement=Involvement.INVOLVE,
                budget=16_000,
                staff="Two trainers",
                funding="AMIF national programme",
                start=D(2020, 9, 1),
                end=D(2022, 6, 30),
                goal=3,
                challenges=("Signage",),
                scenarios=(0, 1),
                milestones=(("First training", D(2020, 11, 30), D(2021, 3, 18)),),
                indicators=(own("Staff trained", ValueType.COUNT, "people", 0, 80),),
                updates=(
                    UpdateSpec(
                        D(2020, 12, 18),
                        AT_RISK,
                        10,
                        "The first training was postponed to March because of the pandemic.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 25),
                        ON_TRACK,
                        35,
                        "Two trainings held, 27 staff trained; a refugee from Syria who lives in Osijek "
                        "co-trained the second.",
                        readings=((0, 27),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 10),
                        ON_TRACK,
                        55,
                        "Four trainings, 49 staff. The police asked for a training for the border unit.",
                        readings=((0, 49),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Contact officers for foreigners and reporting of hate incidents",
                description="Named contact officers in the police administration's foreigners' unit meet "
                "newcomers at the Intercultural Association every month; incidents can be reported through "
                "the Centre for Peace.",
                area="safety",
                lead="police-administration-osijek-baranja-foreigners-unit",
                partners=("centre-for-peace-osijek", "osijek-intercultural-association"),
                involvement=Involvement.CONSULT,
                budget=4_000,
                staff="Two contact officers, part of their time",
                funding="Police administration budget",
                start=D(2020, 4, 1),
                end=D(2022, 12, 31),
                goal=4,
                challenges=(WEAKEST,),
                scenarios=(0, 1),
                milestones=(("Monthly meetings start", D(2020, 6, 30), D(2020, 9, 3)),),
                indicators=(own("Meetings with newcomers held", ValueType.COUNT, "meetings", 0, 30),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        5,
                        "Two contact officers named; meetings will start in September.",
                    ),
                    UpdateSpec(
                        D(2020, 11, 20),
                        ON_TRACK,
                        20,
                        "Meetings in September and October; the November meeting was cancelled. The Centre for "
                        "Peace received two reports of insults in the street.",
                        readings=((0, 2),),
                    ),
                ),
                internal_notes="No report since November 2020; one contact officer was transferred.",
            ),
            MeasureSpec(
                title="'Osijek, our city too': photo exhibition and school debates",
                description="The photovoice pictures of the audit shown at the city library and in three "
                "secondary schools, with debates led by young people from the Intercultural Association.",
                area="anti-discrimination",
                lead="centre-for-peace-osijek",
                partners=("osijek-intercultural-association", "josip-juraj-strossmayer-university-of-osijek"),
                involvement=Involvement.EMPOWER,
                budget=9_000,
                staff="A campaign officer; volunteers",
                funding="Centre for Peace; City of Osijek",
                start=D(2020, 4, 1),
                end=D(2021, 12, 31),
                goal=5,
                challenges=(WEAKEST,),
                scenarios=(0, 2),
                proposal="Awareness campaign with a photo exhibition and school debates",
                milestones=(
                    ("Exhibition at the city library", D(2020, 10, 31), D(2021, 6, 3)),
                    ("Debates in three schools", D(2021, 12, 31), D(2021, 11, 30)),
                ),
                indicators=(own("Students who took part in a debate", ValueType.COUNT, "students", 0, 200),),
                updates=(
                    UpdateSpec(
                        D(2020, 12, 18),
                        AT_RISK,
                        20,
                        "The library is closed to exhibitions until spring; the pictures were shown online.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 30),
                        ON_TRACK,
                        55,
                        "The exhibition opened at the city library on 3 June; about 600 visitors.",
                    ),
                    UpdateSpec(
                        D(2021, 12, 6),
                        DONE,
                        100,
                        "Debates held in three secondary schools with 215 students; the debate handout is in "
                        "the library for other cities.",
                        readings=((0, 215),),
                    ),
                ),
            ),
        ),
    ),
)


# ---------------------------------------------------------------- Rubano

RUBANO = CitySpec(
    slug="rubano",
    lab=LabSpec(
        title="Rubano City Integration Lab",
        start=D(2019, 4, 15),
        end=D(2019, 4, 16),
        place="Rubano Town Hall",
        horizon=5,
        participants={P.TCN: 5, P.LOCAL_GOVERNMENT: 3, P.STATE: 1, P.NGO: 4, P.ACADEMIA: 2, P.RESIDENTS: 2},
        notes="The scenarios were drawn from an online survey of 51 experts and residents held the month "
        "before. Three sessions: refugees hosted in the town's reception project, then a dozen local experts, "
        "then the mayor and the councillor for social policies, who chose the measures.",
        drivers=(
            DriverSpec(
                "National reception and asylum rules",
                "The 2018 reform limits the municipal reception projects to people already granted protection.",
                5,
                4,
            ),
            DriverSpec(
                "Jobs in Padua's industrial area and in farming",
                "Work is available but often seasonal or through agencies.",
                4,
                3,
            ),
            DriverSpec(
                "The municipality's social budget",
                "A small town's budget and staff for social services.",
                4,
                3,
            ),
            DriverSpec(
                "Residents' attitudes in a small town",
                "Neighbours know each other; newcomers are visible, for better and worse.",
                4,
                3,
            ),
            DriverSpec(
                "Family reunification and births",
                "More families with young children settle in the town.",
                3,
                2,
            ),
        ),
        scenarios=(
            ScenarioSpec(
                "Families put down roots",
                "Families settle in Rubano because of work nearby and cheaper rents than in Padua. Mothers at "
                "home with young children are the most isolated; the schools see more children of foreign "
                "parents.",
                Likelihood.HIGH,
                {
                    1: "Steady jobs in the industrial area",
                    3: "Residents accept families more easily than single men",
                    4: "More families with young children",
                },
                {
                    "education": "Schools and kindergartens need to reach parents who do not speak Italian.",
                    "language": "Mothers need Italian courses at times they can attend.",
                },
            ),
            ScenarioSpec(
                "Reception emptied",
                "The reform closes the reception places for asylum seekers; people leave the project without "
                "a job or a flat and some end up sleeping rough or working informally.",
                Likelihood.MEDIUM,
                {
                    0: "Asylum seekers moved to large centres; the municipal project shrinks",
                    2: "Social services absorb the people who leave",
                    3: "Residents see homelessness for the first time",
                },
                {
                    "housing": "People leaving reception have nowhere to go.",
                    "safety": "Fear in the town when people sleep rough near the station.",
                },
            ),
            ScenarioSpec(
                "A commuter town",
                "Newcomers work in Padua and only sleep in Rubano; they take no part in the town's life and the "
                "town does not know them.",
                Likelihood.LOW,
                {
                    1: "Jobs in Padua, long commutes",
                    3: "Indifference rather than hostility",
                },
                {
                    "participation": "Nobody from the newcomers in the town's associations.",
                    "culture": "The town's festivals do not reach them.",
                },
            ),
        ),
        swot=(
            (
                "inclusion",
                SwotKind.STRENGTH,
                "A small town where the parish, the school and the services know each other.",
            ),
            ("language", SwotKind.STRENGTH, "The school's Italian courses for mothers, with a crèche."),
            ("housing", SwotKind.WEAKNESS, "No housing for people leaving the reception project."),
            ("participation", SwotKind.WEAKNESS, "Newcomers are absent from the town's associations."),
            ("employment", SwotKind.OPPORTUNITY, "Firms in the industrial area look for workers."),
            ("housing", SwotKind.THREAT, "The national reform of the reception system."),
        ),
        future=ChallengeSpec(
            "People leaving reception without a home or a job",
            "Since the 2018 reform the municipal reception project hosts only people already granted protection; "
            "others must leave and the town has no plan for them.",
            "housing",
            Severity.SERIOUS,
        ),
        goals=(
            GoalSpec(
                "Migrant mothers learn Italian and take part in school life",
                "Courses at times mothers can attend, and a link between the families and the school.",
                ("mothers",),
                (
                    ProposalSpec(
                        "Morning Italian courses for mothers, with a crèche",
                        "Continue and extend the school's courses for mothers, with a crèche in the same building.",
                        "language",
                        "istituto-comprensivo-rubano",
                        "Two teachers; volunteer carers; a room in the school.",
                    ),
                ),
            ),
            GoalSpec(
                "Nobody who leaves reception ends up on the street",
                "A way out of reception into a home and work.",
                (FUTURE,),
                (
                    ProposalSpec(
                        "Transition plan for people leaving reception",
                        "From six months before leaving: a job plan, a housing search and a guarantee for the "
                        "first rent.",
                        "housing",
                        "cooperativa-accoglienza-veneta",
                        "A social worker; a rent guarantee fund of EUR 20,000.",
                    ),
                    ProposalSpec(
                        "Job orientation and internships with local firms",
                        "Internships in the firms of the industrial area for people in and leaving reception.",
                        "employment",
                        "cooperativa-accoglienza-veneta",
                        "A job coach; internship grants.",
                    ),
                ),
            ),
            GoalSpec(
                "Newcomers and residents share the town's public life",
                "The town's festivals, associations and listening desks are open to everybody.",
                (WEAKEST,),
                (
                    ProposalSpec(
                        "Intercultural summer festival in the town park",
                        "A festival organised with the migrant women's association and the parish.",
                        "culture",
                        "municipality-of-rubano-social-services",
                        "The municipality's events budget; volunteers.",
                    ),
                ),
            ),
        ),
    ),
    agenda=AgendaSpec(
        title="Rubano City Integration Agenda 2020–2022",
        summary="Actions recommended to the Municipality of Rubano: Italian for mothers, a way out of reception "
        "into a home and work, a listening desk for families, and a town festival, with a survey to follow "
        "the results.",
        adopted_on=D(2019, 12, 19),
        adopted_by="Municipal Council of Rubano",
        first_report=D(2020, 6, 30),
        measures=(
            MeasureSpec(
                title="Morning Italian courses for mothers, with a crèche",
                description="Italian lessons twice a week in the morning at the comprehensive school, with a "
                "crèche in the next room run by volunteers; a second group for mothers of pre-school children.",
                area="language",
                lead="istituto-comprensivo-rubano",
                partners=("associazione-donne-migranti-padova", "municipality-of-rubano-social-services"),
                involvement=Involvement.INVOLVE,
                budget=14_000,
                staff="Two teachers part time; four volunteer carers",
                funding="Municipality of Rubano; Veneto Region (adult education)",
                start=D(2020, 1, 15),
                end=D(2022, 6, 30),
                goal=0,
                challenges=("mothers",),
                scenarios=(0,),
                proposal="Morning Italian courses for mothers, with a crèche",
                milestones=(("Second group started", D(2020, 10, 31), D(2021, 10, 4)),),
                indicators=(
                    own("Mothers enrolled", ValueType.COUNT, "people", 14, 40),
                    own("Enrolled mothers reaching level A2", ValueType.PERCENT, "%", 35, 60),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        AT_RISK,
                        15,
                        "Lessons stopped in March; the teachers kept in touch by WhatsApp voice messages.",
                    ),
                    UpdateSpec(
                        D(2020, 12, 18),
                        ON_TRACK,
                        30,
                        "Lessons resumed outdoors in September and online since November; 18 mothers enrolled.",
                        readings=((0, 18),),
                    ),
                    UpdateSpec(
                        D(2021, 6, 28),
                        ON_TRACK,
                        50,
                        "Nine of the 18 mothers passed the A2 test in June.",
                        readings=((1, 50),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 13),
                        ON_TRACK,
                        70,
                        "The second group started in October; 29 mothers enrolled in two groups.",
                        readings=((0, 29),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Transition plan for people leaving reception",
                description="Six months before a person must leave the reception project, the cooperative and "
                "the social services agree a job plan and a housing search; a fund guarantees the first rent.",
                area="housing",
                lead="cooperativa-accoglienza-veneta",
                partners=(
                    "municipality-of-rubano-social-services",
                    "rubano-parish-listening-centre",
                    "padua-prefecture-territorial-council-for-immigration",
                ),
                involvement=Involvement.COLLABORATE,
                budget=42_000,
                staff="A social worker half time",
                funding="Municipality of Rubano; Cariparo Foundation grant",
                start=D(2020, 3, 1),
                end=D(2021, 9, 30),
                goal=1,
                challenges=(FUTURE,),
                scenarios=(1,),
                proposal="Transition plan for people leaving reception",
                milestones=(
                    ("Rent guarantee fund set up", D(2020, 9, 30), D(2021, 1, 28)),
                    ("Ten people housed", D(2021, 9, 30), None),
                ),
                indicators=(own("People housed after leaving reception", ValueType.COUNT, "people", 0, 10),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        ON_TRACK,
                        15,
                        "Plans agreed for the seven people who must leave by the end of 2020.",
                    ),
                    UpdateSpec(
                        D(2021, 1, 29),
                        AT_RISK,
                        35,
                        "The rent guarantee fund was set up in January, later than planned. Only two people "
                        "found a flat: landlords refuse tenants without a permanent contract.",
                        readings=((0, 2),),
                    ),
                    UpdateSpec(
                        D(2021, 10, 15),
                        AT_RISK,
                        50,
                        "The measure has passed its end date with five people housed. The parish offers two "
                        "rooms as a bridge; the council will decide on an extension in January.",
                        readings=((0, 5),),
                        note="Ask the prefecture whether the regional housing agency can reserve two flats.",
                    ),
                ),
            ),
            MeasureSpec(
                title="Job orientation and internships with local firms",
                description="A job coach places people in and leaving reception in three-month internships in the "
                "firms of the industrial area.",
                area="employment",
                lead="cooperativa-accoglienza-veneta",
                partners=("municipality-of-rubano-social-services",),
                involvement=Involvement.INVOLVE,
                budget=30_000,
                staff="A job coach half time",
                funding="Veneto Region (ESF)",
                start=D(2020, 9, 1),
                end=D(2022, 8, 31),
                goal=1,
                challenges=(FUTURE,),
                scenarios=(0, 1),
                proposal="Job orientation and internships with local firms",
                milestones=(("Agreements with six firms", D(2021, 3, 31), D(2021, 5, 12)),),
                indicators=(
                    own("Internships completed", ValueType.COUNT, "internships", 0, 24),
                    statistic("employment-rate-non-eu", 59.0, 61.0),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 12, 18),
                        ON_TRACK,
                        15,
                        "The ESF grant started in September; three firms signed.",
                    ),
                    UpdateSpec(
                        D(2021, 6, 30),
                        ON_TRACK,
                        40,
                        "Six firms signed; 7 internships completed, 3 turned into contracts. The national "
                        "employment rate of non-EU citizens for 2020 is recorded.",
                        readings=((0, 7), (1, 60.3)),
                        measured_on=D(2020, 12, 31),
                    ),
                    UpdateSpec(
                        D(2021, 12, 17),
                        ON_TRACK,
                        60,
                        "13 internships completed, 6 turned into contracts.",
                        readings=((0, 13),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Listening desk for families at the parish centre",
                description="A weekly desk at the parish listening centre, with a municipal social worker, where "
                "families get help with school enrolment, benefits and bills.",
                area="inclusion",
                lead="rubano-parish-listening-centre",
                partners=("municipality-of-rubano-social-services", "associazione-donne-migranti-padova"),
                involvement=Involvement.CONSULT,
                budget=6_000,
                staff="A social worker two hours a week; volunteers",
                funding="Municipality of Rubano; parish",
                start=D(2020, 2, 1),
                end=D(2022, 12, 31),
                goal=2,
                challenges=(WEAKEST, "mothers"),
                scenarios=(0, 2),
                milestones=(("Desk open every week", D(2020, 3, 31), D(2020, 9, 8)),),
                indicators=(own("Families helped", ValueType.COUNT, "families", 0, 120),),
                updates=(
                    UpdateSpec(
                        D(2020, 6, 30),
                        AT_RISK,
                        10,
                        "The desk opened in February and closed in March; the volunteers answered by phone.",
                    ),
                    UpdateSpec(
                        D(2021, 3, 5),
                        ON_TRACK,
                        30,
                        "Open every Tuesday since September; 34 families helped, most with school enrolment "
                        "and energy bills.",
                        readings=((0, 34),),
                    ),
                ),
                internal_notes="No report since March 2021: the parish volunteer who reported has moved away.",
            ),
            MeasureSpec(
                title="Intercultural summer festival in the town park",
                description="A festival each June in the town park with food, music and games, organised with the "
                "migrant women's association and the parish.",
                area="culture",
                lead="municipality-of-rubano-social-services",
                partners=("associazione-donne-migranti-padova", "rubano-parish-listening-centre"),
                involvement=Involvement.COLLABORATE,
                budget=8_000,
                staff="The municipality's events officer; volunteers",
                funding="Municipality of Rubano events budget",
                start=D(2020, 3, 1),
                end=D(2022, 7, 31),
                goal=2,
                challenges=(WEAKEST,),
                scenarios=(0, 2),
                proposal="Intercultural summer festival in the town park",
                milestones=(
                    ("Festival 2020", D(2020, 6, 30), None),
                    ("Festival 2021", D(2021, 6, 30), D(2021, 6, 26)),
                ),
                indicators=(
                    own("Festival visitors", ValueType.COUNT, "people", 0, 800),
                    checklist("contact", 45, 60),
                ),
                updates=(
                    UpdateSpec(
                        D(2020, 5, 29),
                        AT_RISK,
                        10,
                        "The 2020 festival is cancelled; the women's association recorded a cooking video "
                        "with recipes from six countries instead.",
                    ),
                    UpdateSpec(
                        D(2021, 7, 2),
                        ON_TRACK,
                        50,
                        "The festival on 26 June drew about 650 people; twelve families cooked.",
                        readings=((0, 650),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 14),
                        ON_TRACK,
                        60,
                        "Planning for June 2022 started with the associations. The checklist self-check rates "
                        "social contact higher.",
                        readings=((1, 52),),
                    ),
                ),
            ),
            MeasureSpec(
                title="Survey of residents and newcomers, repeated",
                description="The online survey of the lab repeated in 2021 among residents, newcomers and experts, "
                "to see what changed.",
                area="research",
                lead="rissc",
                partners=("municipality-of-rubano-social-services",),
                involvement=Involvement.CONSULT,
                budget=5_000,
                staff="Two researchers, a few days each",
                funding="RISSC",
                start=D(2021, 3, 1),
                end=D(2021, 12, 31),
                goal=2,
                challenges=(WEAKEST,),
                scenarios=(0, 1, 2),
                milestones=(
                    ("Survey online", D(2021, 5, 31), D(2021, 5, 17)),
                    ("Results presented to the council", D(2021, 12, 31), D(2021, 11, 29)),
                ),
                indicators=(own("Survey respondents", ValueType.COUNT, "people", 51, 100),),
                updates=(
                    UpdateSpec(
                        D(2021, 6, 30),
                        ON_TRACK,
                        50,
                        "The survey has been online since 17 May in Italian, English and French; 64 answers so far.",
                        readings=((0, 64),),
                    ),
                    UpdateSpec(
                        D(2021, 12, 1),
                        DONE,
                        100,
                        "93 respondents. Results presented to the council on 29 November: more residents know "
                        "a newcomer personally; housing remains the main worry.",
                        readings=((0, 93),),
                    ),
                ),
            ),
        ),
    ),
)

CITIES = (PRAGUE, SOFIA, KOSICE, OSIJEK, RUBANO)

# A stored indicator, and how far its real baseline lies from the nominal one in its spec.
Indicated = tuple[MeasureIndicator, float]


# ---------------------------------------------------------------- loading


def shift_years(today: date) -> int:
    """Whole years that bring the story's end (``AS_OF``) into the current year; never backwards."""
    return max(0, today.year - AS_OF.year)


def _later(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _later_or_none(day: date | None, years: int) -> date | None:
    return None if day is None else _later(day, years)


STORY_YEARS = re.compile(r"\b(202[0-3])\b")


def _retold(text: str, years: int) -> str:
    """The text with the story's years (2020-2023) moved forward; earlier years (the 2019 lab) stay."""
    return STORY_YEARS.sub(lambda match: str(int(match.group(1)) + years), text)


def _retell(queryset: Any, fields: list[str], years: int) -> None:
    items = list(queryset)
    for item in items:
        for name in fields:
            setattr(item, name, _retold(getattr(item, name), years))
    queryset.model.objects.bulk_update(items, fields)


def bring_forward(agenda_ids: list[int], years: int) -> None:
    """Move the demo agendas' dates ``years`` ahead and drop what would then lie in the future."""
    if not years:
        return
    today, now = timezone.localdate(), timezone.now()
    _retell(Agenda.objects.filter(pk__in=agenda_ids), ["title", "summary"], years)
    _retell(Goal.objects.filter(agenda__in=agenda_ids), ["title", "description"], years)
    _retell(Measure.objects.filter(agenda__in=agenda_ids), ["title", "description", "internal_notes"], years)
    _retell(Milestone.objects.filter(measure__agenda__in=agenda_ids), ["title"], years)
    _retell(ProgressUpdate.objects.filter(measure__agenda__in=agenda_ids), ["narrative", "internal_note"], years)
    for agenda in Agenda.objects.filter(pk__in=agenda_ids):
        agenda.start_year += years
        agenda.end_year += years
        agenda.adopted_on = _later_or_none(agenda.adopted_on, years)
        agenda.first_report = _later_or_none(agenda.first_report, years)
        agenda.save(update_fields=["start_year", "end_year", "adopted_on", "first_report"])
    measures = list(Measure.objects.filter(agenda__in=agenda_ids))
    for measure in measures:
        measure.start, measure.end = _later(measure.start, years), _later(measure.end, years)
    Measure.objects.bulk_update(measures, ["start", "end"])
    milestones = list(Milestone.objects.filter(measure__agenda__in=agenda_ids))
    for milestone in milestones:
        milestone.due = _later(milestone.due, years)
        reached = _later_or_none(milestone.reached, years)
        milestone.reached = reached if reached and reached <= today else None
    Milestone.objects.bulk_update(milestones, ["due", "reached"])
    own = MeasureIndicator.objects.filter(measure__agenda__in=agenda_ids).exclude(source=IndicatorSource.STATISTIC)
    indicators = list(own)
    for indicator in indicators:
        indicator.baseline_year += years
        indicator.target_year += years
    MeasureIndicator.objects.bulk_update(indicators, ["baseline_year", "target_year"])
    values = list(IndicatorValue.objects.filter(indicator__in=indicators))
    for value in values:
        value.measured_on = _later(value.measured_on, years)
    IndicatorValue.objects.bulk_update(values, ["measured_on"])
    updates = list(ProgressUpdate.objects.filter(measure__agenda__in=agenda_ids))
    for update in updates:
        update.created = update.created.replace(year=update.created.year + years)
    ProgressUpdate.objects.bulk_update(updates, ["created"])
    IndicatorValue.objects.filter(indicator__measure__agenda__in=agenda_ids, measured_on__gt=today).delete()
    future = ProgressUpdate.objects.filter(measure__agenda__in=agenda_ids, created__gt=now)
    IndicatorValue.objects.filter(update__in=future).delete()
    future.delete()
    for measure in measures:
        latest = measure.updates.order_by("-created", "-pk").first()
        measure.status = latest.status if latest else MeasureStatus.NOT_STARTED
        measure.percent_done = latest.percent_done if latest else 0
        measure.last_reported = latest.created if latest else None
    Measure.objects.bulk_update(measures, ["status", "percent_done", "last_reported"])


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


class Command(BaseCommand):
    help = "Load the demo labs, agendas and their monitoring (idempotent). Run after audit_demo."

    def handle(self, *args: Any, **options: Any) -> None:
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        if admin is None:
            raise CommandError("Run demo_data first: it creates the admin the demo acts as.")
        self.admin = admin
        self.areas = {area.code: area for area in Area.objects.all()}
        loaded = Loaded()
        with transaction.atomic():
            for spec in CITIES:
                city = City.objects.filter(slug=spec.slug).first()
                if city is None or Lab.objects.filter(city=city).exists():
                    continue
                self._city(city, spec, loaded)
            if loaded.agendas:
                bring_forward(loaded.agendas, shift_years(timezone.localdate()))
        if loaded.labs:
            self.stdout.write(
                f"Agenda demo: {loaded.labs} labs and agendas, {loaded.measures} measures, "
                f"{loaded.updates} progress updates; example flagged: {', '.join(loaded.examples) or 'none'}."
            )
        else:
            self.stdout.write("Agenda demo already present.")

    # -------------------------------------------------------- who acts

    def _planner(self, city: City) -> Any:
        """The city team member, or the platform admin where the demo has no city team."""
        role = Role.objects.filter(kind=RoleKind.CITY_TEAM, city=city).select_related("user").order_by("pk").first()
        return role.user if role else self.admin

    def _reporter(self, measure: Measure, planner: Any) -> Any:
        """A member of the lead organisation if one has an account, otherwise the planner."""
        role = (
            Role.objects.filter(organisation=measure.lead_id, kind__in=(RoleKind.ORG_ADMIN, RoleKind.ORG_MEMBER))
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return role.user if role else planner

    # -------------------------------------------------------- one city

    def _city(self, city: City, spec: CitySpec, loaded: Loaded) -> None:
        planner = self._planner(city)
        organisations = {o.slug: o for o in Organisation.objects.filter(city=city)}
        challenges = self._challenges(city, spec.lab.future, planner)
        lab, scenarios, proposals = self._lab(city, spec.lab, planner, organisations, challenges)
        agenda = self._agenda(city, spec.agenda, lab, planner, challenges)
        goals = list(agenda.goals.order_by("position", "pk"))
        scores = self._checklist_scores(city)
        planned = [
            (m, *self._measure(agenda, m, goals, organisations, challenges, scenarios, proposals, scores))
            for m in spec.agenda.measures
        ]
        # Adopted once every measure has its lead organisation, as the service requires.
        if spec.agenda.consulted:
            services.set_status(planner, agenda, AgendaStatus.CONSULTED)
        services.set_status(
            planner, agenda, AgendaStatus.ADOPTED, adopted_on=spec.agenda.adopted_on, adopted_by=spec.agenda.adopted_by
        )
        for measure_spec, measure, indicators in planned:
            loaded.updates += self._monitor(measure, measure_spec, indicators, self._reporter(measure, planner))
            if measure_spec.example:
                services.flag_example(planner, measure, "en")
                loaded.examples.append(f"{measure.title} ({city.name})")
        loaded.labs += 1
        loaded.measures += len(planned)
        loaded.agendas.append(agenda.pk)

    def _challenges(self, city: City, future: ChallengeSpec, planner: Any) -> dict[str, Challenge]:
        """The city's register by key: every title, the weakest-indicator one, and the lab's new one."""
        register = list(Challenge.objects.filter(city=city).order_by("pk"))
        found: dict[str, Challenge] = {c.title: c for c in register}
        weakest = next((c for c in register if c.indicator_id and c.source == Source.AUDIT), None)
        if weakest is not None:
            found[WEAKEST] = weakest
        found[FUTURE] = Challenge.objects.create(
            city=city,
            title=future.title,
            description=future.description,
            horizon=Horizon.FUTURE,
            area=self.areas.get(future.area),
            severity=future.severity,
            source=Source.LAB,
            evidence="Scenarios of the City Integration Lab.",
            created_by=planner,
        )
        return found

    @staticmethod
    def _pick(challenges: dict[str, Challenge], keys: tuple[str, ...]) -> list[Challenge]:
        """Challenges by key: the special keys, or a word of the title (keys that match nothing are skipped)."""
        picked: list[Challenge] = []
        for key in keys:
            if key in (WEAKEST, FUTURE):
                match = challenges.get(key)
            else:
                match = next(
                    (
                        c
                        for title, c in challenges.items()
                        if not title.startswith("@") and key.lower() in title.lower()
                    ),
                    None,
                )
            if match is not None and match not in picked:
                picked.append(match)
        return picked

    def _lab(
        self,
        city: City,
        spec: LabSpec,
        planner: Any,
        organisations: dict[str, Organisation],
        challenges: dict[str, Challenge],
    ) -> tuple[Lab, list[Scenario], dict[str, Proposal]]:
        lab = Lab.objects.create(
            city=city,
            title=spec.title,
            start=spec.start,
            end=spec.end,
            place=spec.place,
            horizon_years=spec.horizon,
            participants={str(category.value): count for category, count in spec.participants.items()},
            notes=spec.notes,
            created_by=planner,
        )
        Lab.objects.filter(pk=lab.pk).update(created=_at(spec.end))
        drivers = [
            Driver.objects.create(
                lab=lab, name=d.name, description=d.description, impact=d.impact, uncertainty=d.uncertainty
            )
            for d in spec.drivers
        ]
        scenarios = []
        for position, s in enumerate(spec.scenarios):
            scenario = Scenario.objects.create(
                lab=lab, name=s.name, narrative=s.narrative, likelihood=s.likelihood, position=position
            )
            for index, state in s.states.items():
                DriverState.objects.create(scenario=scenario, driver=drivers[index], state=state)
            for code, text in s.implications.items():
                Implication.objects.create(scenario=scenario, area=self.areas[code], text=text)
            scenarios.append(scenario)
        for swot_area, kind, text in spec.swot:
            area = self.areas.get(swot_area) if swot_area else None
            SwotItem.objects.create(lab=lab, area=area, kind=kind, text=text)
        proposals: dict[str, Proposal] = {}
        for g in spec.goals:
            goal = LabGoal.objects.create(lab=lab, title=g.title, description=g.description)
            goal.challenges.set(self._pick(challenges, g.challenges))
            for p in g.proposals:
                proposals[p.title] = Proposal.objects.create(
                    goal=goal,
                    title=p.title,
                    description=p.description,
                    area=self.areas.get(p.area),
                    lead=organisations.get(p.lead),
                    resources_needed=p.resources,
                )
        return lab, scenarios, proposals

    def _agenda(self, city: City, spec: AgendaSpec, lab: Lab, planner: Any, challenges: dict[str, Challenge]) -> Agenda:
        agenda = Agenda.objects.create(
            city=city,
            title=spec.title,
            summary=spec.summary,
            start_year=START_YEAR,
            end_year=END_YEAR,
            lab=lab,
            first_report=spec.first_report,
            report_every_months=6,
            created_by=planner,
        )
        Agenda.objects.filter(pk=agenda.pk).update(created=_at(lab.end))
        if spec.goals:
            for position, g in enumerate(spec.goals):
                goal = Goal.objects.create(agenda=agenda, title=g.title, description=g.description, position=position)
                goal.challenges.set(self._pick(challenges, g.challenges))
        else:  # the lab's goals, as services.draft_agenda takes them over
            for position, lab_goal in enumerate(lab.goals.prefetch_related("challenges")):
                goal = Goal.objects.create(
                    agenda=agenda, title=lab_goal.title, description=lab_goal.description, position=position
                )
                goal.challenges.set(lab_goal.challenges.all())
        return agenda

    def _checklist_scores(self, city: City) -> dict[str, float]:
        """The city's 2019 checklist score per indicator code (empty without that round)."""
        assessment = Round.objects.filter(city=city, framework__code=CHECKLIST, year=2019).first()
        if assessment is None:
            return {}
        scores: dict[str, float] = {}
        for area in scoring.round_scores(assessment).children:
            for level in area.children:
                if level.score is not None:
                    scores[level.item.code] = float(level.score)
        return scores

    def _measure(
        self,
        agenda: Agenda,
        spec: MeasureSpec,
        goals: list[Goal],
        organisations: dict[str, Organisation],
        challenges: dict[str, Challenge],
        scenarios: list[Scenario],
        proposals: dict[str, Proposal],
        scores: dict[str, float],
    ) -> tuple[Measure, list[Indicated]]:
        if not (date(START_YEAR, 1, 1) <= spec.start <= spec.end <= date(END_YEAR, 12, 31)):
            raise CommandError(f"{spec.title}: its dates fall outside the agenda's period.")
        lead = organisations[spec.lead]
        measure = Measure.objects.create(
            agenda=agenda,
            goal=goals[spec.goal],
            title=spec.title,
            description=spec.description,
            area=self.areas[spec.area],
            lead=lead,
            involvement=spec.involvement,
            budget=Decimal(spec.budget),
            staff=spec.staff,
            funding_source=spec.funding,
            start=spec.start,
            end=spec.end,
            practice=Resource.objects.filter(slug=spec.practice).first() if spec.practice else None,
            proposal=proposals.get(spec.proposal) if spec.proposal else None,
            internal_notes=spec.internal_notes,
        )
        measure.partners.set([organisations[slug] for slug in spec.partners if slug in organisations])
        measure.challenges.set(self._pick(challenges, spec.challenges))
        measure.scenarios.set([scenarios[i] for i in spec.scenarios])
        for title, due, reached in spec.milestones:
            Milestone.objects.create(measure=measure, title=title, due=due, reached=reached)
        return measure, [self._indicator(measure, i, agenda.city, scores) for i in spec.indicators]

    def _indicator(self, measure: Measure, spec: IndicatorSpec, city: City, scores: dict[str, float]) -> Indicated:
        """The indicator, and how far its real baseline lies from the nominal one (readings move with it)."""
        framework_indicator = statistic_indicator = None
        baseline = spec.baseline
        if spec.source == IndicatorSource.FRAMEWORK:
            framework_indicator = Indicator.objects.filter(
                area__framework__code=CHECKLIST, area__framework__is_current=True, code=spec.ref, city=None
            ).first()
            if framework_indicator is None:
                raise CommandError(f"The checklist has no indicator {spec.ref!r}.")
            baseline = round(scores.get(spec.ref, spec.baseline), 1)
        elif spec.source == IndicatorSource.STATISTIC:
            statistic_indicator = StatIndicator.objects.filter(code=spec.ref).first()
            figure = (
                StatValue.objects.filter(
                    indicator=statistic_indicator, country_id=city.country_id, city=None, year=spec.baseline_year
                ).first()
                if statistic_indicator
                else None
            )
            if figure is not None:
                baseline = round(figure.value, 1)
        shift = baseline - spec.baseline
        indicator = MeasureIndicator(
            measure=measure,
            source=spec.source,
            framework_indicator=framework_indicator,
            statistic=statistic_indicator,
            name=spec.name,
            value_type=spec.value_type,
            unit=spec.unit,
            baseline=baseline,
            baseline_year=spec.baseline_year,
            target=self._fit(spec.value_type, spec.target + shift),
            target_year=spec.target_year,
        )
        if spec.source == IndicatorSource.STATISTIC and statistic_indicator is None:
            # No context indicators loaded: keep the indicator as the measure's own.
            indicator.source, indicator.name = IndicatorSource.OWN, spec.ref.replace("-", " ").capitalize()
        indicator.full_clean(exclude=["measure"])
        indicator.save()
        return indicator, shift

    @staticmethod
    def _fit(value_type: str, value: float) -> float:
        if value_type == ValueType.PERCENT:
            return round(max(0.0, min(100.0, value)), 1)
        if value_type == ValueType.COUNT:
            return float(max(0, round(value)))
        return value

    def _reading(self, indicated: Indicated, value: float, day: date, country: str) -> services.Reading:
        """A reading; for a context indicator the country's real figure for that year when there is one."""
        indicator, shift = indicated
        if indicator.source == IndicatorSource.STATISTIC and indicator.statistic_id:
            figure = StatValue.objects.filter(
                indicator=indicator.statistic_id, country_id=country, city=None, year=day.year
            ).first()
            if figure is not None:
                return services.Reading(indicator, round(figure.value, 1), day)
        return services.Reading(indicator, self._fit(indicator.value_type, value + shift), day)

    def _monitor(self, measure: Measure, spec: MeasureSpec, indicators: list[Indicated], reporter: Any) -> int:
        """Post the measure's updates in order and date them; the measure then shows the last one."""
        last: ProgressUpdate | None = None
        for u in spec.updates:
            if not (measure.start <= u.day <= AS_OF):
                raise CommandError(f"{measure.title}: an update dated {u.day} falls outside the measure's run.")
            country = measure.agenda.city.country_id
            readings = [
                self._reading(indicators[index], value, u.measured_on or u.day, country) for index, value in u.readings
            ]
            last = services.post_update(
                reporter,
                measure,
                status=u.status,
                percent_done=u.percent,
                narrative=u.text,
                internal_note=u.note,
                readings=readings,
            )
            ProgressUpdate.objects.filter(pk=last.pk).update(created=_at(u.day))
        if last is not None:
            final = spec.updates[-1]
            Measure.objects.filter(pk=measure.pk).update(
                status=final.status, percent_done=last.percent_done, last_reported=_at(final.day)
            )
            measure.refresh_from_db()
        return len(spec.updates)
