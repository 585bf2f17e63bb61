"""Demo desks and locations from the seed documents."""

import random
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q

from referrals.constants import Question
from referrals.models import Municipality, Organisation
from relatieloket.months import month_starts

from .constants import (
    ActivityKind,
    AgeBand,
    Audience,
    Channel,
    FoundVia,
    IntervalWeeks,
    Outcome,
    TrajectStatus,
    Weekday,
    WhoCame,
)
from .models import Activity, Desk, LifeEvent, Location, Visit, WeeklyHour

SKO = "Adviespunt Scheiden, Kind en Ouderschap"

# desk, municipality, network node, run by, staff, [(location, address, [(weekday, start, end)])]
DESKS = [
    (
        "Relatieloket Hendrik-Ido-Ambacht",
        "GM0531",
        "Relatieloket Hendrik-Ido-Ambacht",
        ["Stichting De Vluchtheuvel", SKO],
        ["hulpverlener-hia"],
        # "Echtparen kunnen gebruik maken van het wekelijkse inloopspreekuur." (seed 000) The
        # seed names no day or time: Thursday evening, when couples can come, is the demo's.
        [
            (
                "Relatieloket Hendrik-Ido-Ambacht",
                "Hendrik-Ido-Ambacht",
                [(Weekday.THURSDAY, time(19), time(20, 30))],
            )
        ],
    ),
    (
        "Adviespunt SKO Dordrecht",
        "GM0505",
        SKO,
        [SKO, "Dordrecht Sociaal – Sociaal Wijkteam"],
        ["hulpverlener", "coordinator"],
        # "In Dordrecht is dit op vrijdag van 10.00 uur tot 12.00 uur aan de Brouwersdijk."
        [("Brouwersdijk", "Brouwersdijk, Dordrecht", [(Weekday.FRIDAY, time(10), time(12))])],
    ),
    ("Adviespunt SKO Zwijndrecht", "GM0642", SKO, [SKO], [], [("Zwijndrecht", "", [])]),
    ("Adviespunt SKO Papendrecht", "GM0590", SKO, [SKO], [], [("Papendrecht", "", [])]),
    (
        "Relatieloket Zwartewaterland",
        "GM1896",
        "Relatieloket Zwartewaterland",
        ["Relatieloket Zwartewaterland"],
        [],
        # "In een oud schoolgebouw in Genemuiden zat Breman zelf één keer per twee weken in het
        # relatieloket." The seed names no day or time: Tuesday evening is the demo's choice.
        [
            (
                "Genemuiden",
                "Oud schoolgebouw, Genemuiden",
                [
                    (
                        Weekday.TUESDAY,
                        time(19),
                        time(21),
                        IntervalWeeks.FORTNIGHTLY,
                        date(2023, 1, 17),
                    )
                ],
            )
        ],
    ),
]

# "Begin 2023 kwam het ervan. [...] Maar na een halfjaar werd het fysieke relatieloket
# stopgezet." (seed 002): the desk keeps its place in the figures, closed.
OPENING = {
    "Relatieloket Hendrik-Ido-Ambacht": {"opened_on": date(2023, 10, 1)},
    "Relatieloket Zwartewaterland": {
        "opened_on": date(2023, 1, 17),
        "closed_on": date(2023, 7, 4),
    },
}

# "circa 10 trajecten van maximaal 5 gesprekken à 1,5 uur per koppel. Dit kost circa € 10.000."
TARIFFS = {"Relatieloket Hendrik-Ido-Ambacht": {"tariff_per_traject": 1000}}


def seed(*, password=None, stdout=None):
    User = get_user_model()
    for name, code, node, run_by, staff, locations in DESKS:
        desk, _ = Desk.objects.update_or_create(
            name=name,
            defaults={
                "municipality": Municipality.objects.get(cbs_code=code),
                "organisation": Organisation.objects.get(name=node),
                **TARIFFS.get(name, {}),
                **OPENING.get(name, {}),
            },
        )
        desk.organisations.set(Organisation.objects.filter(name__in=run_by))
        desk.staff.add(*User.objects.filter(username__in=staff))
        for loc_name, address, hours in locations:
            location, _ = Location.objects.update_or_create(
                desk=desk, name=loc_name, defaults={"address": address}
            )
            for weekday, start, end, *rhythm in hours:
                interval, first_date = rhythm or (IntervalWeeks.WEEKLY, None)
                WeeklyHour.objects.get_or_create(
                    location=location,
                    weekday=weekday,
                    start=start,
                    end=end,
                    defaults={"interval_weeks": interval, "first_date": first_date},
                )
    seed_holiday_exceptions()
    seed_visits(rng=random.Random(2023))


def seed_holiday_exceptions():
    """The open desks cancel their walk-ins on the coming Dutch public holidays, as proposed."""
    from django.utils import timezone

    from .selectors import proposed_holidays
    from .services import walk_in_exception_create

    today = timezone.localdate()
    desks = Desk.objects.prefetch_related("locations__weekly_hours", "walk_in_exceptions").filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=today)
    )
    for desk in desks:
        for day, name in proposed_holidays(desk, today=today, until=today + timedelta(days=366)):
            walk_in_exception_create(desk=desk, first_day=day, reason=name)


# Seed 001: few residents know the Adviespunt; most come through the GP, the district team
# or someone they know, and Nijkerk points to help through its website and local papers.
FOUND_WEIGHTS = {
    FoundVia.GP: 5,
    FoundVia.SOCIAL_TEAM: 4,
    FoundVia.FAMILY_OR_FRIENDS: 4,
    FoundVia.MUNICIPAL_WEBSITE: 3,
    FoundVia.LOCAL_PAPER: 2,
    FoundVia.SCHOOL: 2,
    FoundVia.FLYER: 1,
    FoundVia.SOCIAL_MEDIA: 1,
    FoundVia.CHURCH: 1,
    FoundVia.OTHER: 1,
}

# More visitors after the summer and Christmas holidays (Nijkerk letter, 2024).
SEASON = {1: 1.8, 2: 1.3, 9: 1.8, 10: 1.3}


def _calibrate(visits, rng, *, people, children):
    """Trim and adjust generated visits so their totals are the figures of the seeds."""
    while sum(v.women + v.men for v in visits) > people:
        visits.pop(rng.randrange(len(visits)))
    singles = [v for v in visits if v.who_came == WhoCame.ONE_PARTNER]
    while sum(v.women + v.men for v in visits) < people and singles:
        visit = singles.pop(rng.randrange(len(singles)))
        visit.who_came, visit.women, visit.men = WhoCame.BOTH_PARTNERS, 1, 1
    step = 0
    while (gap := children - sum(v.children for v in visits)) != 0 and step < 10_000:
        visit = visits[step % len(visits)]
        if gap > 0 and visit.children < 4:
            visit.children += 1
        elif gap < 0 and visit.children > 0:
            visit.children -= 1
        step += 1


def _visits_for_desk(
    desk, rng, *, first, last, per_month, questions, referrers, women_share, totals=None
):
    location = desk.locations.first()
    life_events = list(LifeEvent.objects.filter(desk__isnull=True))
    visits = []
    for month in month_starts(first, last):
        count = round(per_month * SEASON.get(month.month, 1.0) * rng.uniform(0.7, 1.3))
        for _ in range(count):
            day = month + timedelta(days=rng.randrange(28))
            if day > last:
                continue
            couple = rng.random() < 0.3
            woman = rng.random() < women_share
            visits.append(
                Visit(
                    desk=desk,
                    location=location,
                    date=day,
                    channel=rng.choices(list(Channel), weights=[6, 2, 1, 1, 0.3])[0],
                    who_came=WhoCame.BOTH_PARTNERS if couple else WhoCame.ONE_PARTNER,
                    women=1 if couple or woman else 0,
                    men=1 if couple or not woman else 0,
                    age_band=rng.choice(list(AgeBand)),
                    municipality=desk.municipality,
                    children=rng.choice([0, 1, 1, 2, 2, 2, 3]),
                    question=rng.choices(list(questions), weights=list(questions.values()))[0],
                    advice_social_emotional=rng.random() < 0.8,
                    advice_financial=rng.random() < 0.3,
                    advice_legal=rng.random() < 0.35,
                    advice_parenting=rng.random() < 0.4,
                    outcome=rng.choices(list(Outcome), weights=[7, 0, 2, 1])[0],
                    referred_by=rng.choice(referrers) if rng.random() < 0.35 else None,
                    duration_minutes=rng.choice([30, 45, 60]),
                )
            )
    if totals:
        _calibrate(visits, rng, **totals)
        # Shares of the seeds exactly, not only on average: deal the questions out by weight.
        pool = []
        for question, weight in questions.items():
            pool += [question] * round(weight * len(visits) / sum(questions.values()))
        pool = (pool + [next(iter(questions))] * len(visits))[: len(visits)]
        rng.shuffle(pool)
        for visit, question in zip(visits, pool, strict=True):
            visit.question = question
    # "Hoe heeft u ons gevonden?", asked at about two in three visits; a stream of its own, so
    # the figures of the seeds above stay as they are.
    found = random.Random(f"found-{desk.name}")
    for visit in visits:
        if found.random() < 0.65:
            visit.found_via = found.choices(list(FOUND_WEIGHTS), list(FOUND_WEIGHTS.values()))[0]
    Visit.objects.bulk_create(visits)
    created = list(Visit.objects.filter(desk=desk).order_by("date", "pk"))
    for visit in created:
        if rng.random() < 0.25 and life_events:
            visit.life_events.add(rng.choice(life_events))
    return created


def seed_visits(*, rng):
    """Anonymous demo visits, trajects, referrals, activities and feedback (idempotent)."""
    from referrals.models import Organisation
    from referrals.services import referral_create

    from . import figures, services

    today = date.today()
    hia = Desk.objects.filter(name="Relatieloket Hendrik-Ido-Ambacht").first()
    dordrecht = Desk.objects.filter(name="Adviespunt SKO Dordrecht").first()
    if not hia or not dordrecht or Visit.objects.filter(desk__in=[hia, dordrecht]).exists():
        return
    orgs = {o.name: o for o in Organisation.objects.all()}
    referrers = [
        orgs[n]
        for n in (
            "Praktijkondersteuner huisarts Jeugd (POH Jeugd)",
            "Dordrecht Sociaal – Sociaal Wijkteam",
            "Scholen en schoolmaatschappelijk werk",
            "Huisarts",
        )
        if n in orgs
    ]
    # HIA: about 53 visitors since October 2023; ~75% strengthen/restore, 25% separation.
    hia_visits = _visits_for_desk(
        hia,
        rng,
        first=date(2023, 10, 1),
        last=min(today, date(2025, 4, 30)),
        per_month=2.4,
        questions={
            Question.STRENGTHEN: 45,
            Question.RESTORE: 30,
            Question.SEPARATING: 15,
            Question.CONSIDERING_SEPARATION: 10,
        },
        referrers=referrers,
        women_share=0.6,
        # "Sinds de opening zijn dat er 53. Het aantal betrokken kinderen schat de gemeente op 74."
        totals={"people": 53, "children": 74},
    )
    # Adviespunt SKO Dordrecht: most come alone, ~70% women; 75% (about to) separate, 25% doubts.
    sko_visits = _visits_for_desk(
        dordrecht,
        rng,
        first=date(2023, 1, 1),
        last=today,
        per_month=9,
        questions={
            Question.SEPARATING: 30,
            Question.CONSIDERING_SEPARATION: 20,
            Question.AFTER_SEPARATION: 25,
            Question.DOUBTS: 25,
        },
        referrers=referrers,
        women_share=0.7,
    )
    for visit in hia_visits + sko_visits:
        if visit.referred_by_id:
            visit.referrals.add(
                referral_create(
                    from_organisation=visit.referred_by,
                    to_organisation=visit.desk.organisation,
                    municipality=visit.desk.municipality,
                    date=visit.date,
                    question=visit.question,
                    warm_handover=rng.random() < 0.4,
                )
            )
    destinations = [
        orgs[n]
        for n in (
            "Relatietherapie bij een particuliere aanbieder",
            "ScheidingsAtlas",
            "Villa Pinedo",
            "Algemeen maatschappelijk werk",
            "Veilig Thuis",
        )
        if n in orgs
    ]
    for visit in hia_visits + sko_visits:
        if visit.outcome == Outcome.REFERRED_ON:
            services.referral_add(
                owner=visit,
                to_organisation=rng.choice(destinations),
                warm_handover=rng.random() < 0.5,
                date=visit.date,
            )
    # About 10 trajects a year at HIA, most completed with 4 or 5 sessions.
    for visit in rng.sample(hia_visits, min(12, len(hia_visits))):
        traject = services.traject_start(visit=visit)
        sessions = rng.choice([2, 4, 5, 5, 5])
        for number in range(sessions):
            day = visit.date + timedelta(days=14 * (number + 1))
            if day > today:
                break
            services.session_create(traject=traject, date=day)
        closed_on = visit.date + timedelta(days=14 * (sessions + 1))
        if closed_on <= today:
            status = TrajectStatus.COMPLETED if sessions >= 4 else TrajectStatus.STOPPED_EARLY
            services.traject_close(
                traject=traject, status=status, closing_outcome=Outcome.HELPED, closed_on=closed_on
            )
    # Adviespunt SKO Dordrecht: a few recent trajects, most still running, so the counsellor's
    # start page and this year's dashboard show track B at work.
    recent = [v for v in sko_visits if (today - v.date).days <= 75]
    for visit in rng.sample(recent, min(4, len(recent))):
        traject = services.traject_start(visit=visit)
        for number in range(5):
            day = visit.date + timedelta(days=14 * (number + 1))
            if day > today:
                break
            services.session_create(traject=traject, date=day)
    for desk, kinds in (
        (hia, [ActivityKind.THEME_MEETING_CHURCH, ActivityKind.THEME_MEETING_NEUTRAL]),
        (dordrecht, [ActivityKind.WEBINAR, ActivityKind.CONSULTATION, ActivityKind.TRAINING]),
    ):
        for month in month_starts(date(2024, 1, 1), today):
            if rng.random() < 0.3:
                kind = rng.choice(kinds)
                day = month + timedelta(days=rng.randrange(27))
                Activity.objects.create(
                    desk=desk,
                    # Work is logged once done: this month's activity is not in the future.
                    date=min(day, today),
                    kind=kind,
                    audience=Audience.PROFESSIONALS
                    if kind == ActivityKind.CONSULTATION
                    else Audience.RESIDENTS,
                    attendees=rng.randint(6, 40),
                )
    for visit in rng.sample(hia_visits + sko_visits, 60):
        invitation = services.feedback_invitation_create(desk=visit.desk, visit=visit)
        services.feedback_submit(
            token=invitation.token,
            got_answer=rng.choices(["ja", "deels", "nee"], weights=[8, 2, 1])[0],
            rating=rng.randint(6, 10),
            would_recommend=rng.random() < 0.9,
        )
    # The visits were bulk-created past the services: count their figures per desk and month.
    figures.rebuild()
