"""The counts the dashboard and the letters share: the question groups, the advice domains, the
totals of a set of visits, submitted questionnaires and outbound referrals per period."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.constants import (
    Channel,
    FoundVia,
    Outcome,
    Track,
    WhoCame,
)
from referrals.constants import Question

from .. import summary

# Labels are translated where they are shown; council reports compute them in Dutch.
QUESTION_GROUPS = [
    (
        "strengthen_restore",
        _("Strengthening or restoring the relationship"),
        [Question.STRENGTHEN, Question.RESTORE],
    ),
    ("doubts", _("Doubts about the relationship"), [Question.DOUBTS]),
    (
        "separation",
        _("(Considering) separation"),
        [Question.CONSIDERING_SEPARATION, Question.SEPARATING],
    ),
    (
        "after_separation",
        _("After the separation, contact arrangements"),
        [Question.AFTER_SEPARATION, Question.CONTACT_ARRANGEMENT],
    ),
    ("other", _("Other"), [Question.OTHER]),
]
ADVICE_DOMAIN_LABELS = (
    ("social_emotional", _("Social-emotional")),
    ("financial", _("Financial")),
    ("legal", _("Legal")),
    ("parenting", _("Parenting")),
)


def labelled(rows, key, choices):
    labels = dict(choices)
    return [
        {
            "key": row[key] or "",
            "label": str(labels.get(row[key], row[key] or "–")),
            "count": row["count"],
        }
        for row in rows
    ]


def found_via_rows(totals):
    """How visitors found the desk, most often first; "not asked" last, so the table adds up
    to the visits. Ways nobody named are left out, as in the other one-way tables."""
    rows = [
        {"key": choice.value, "label": str(choice.label), "count": totals[f"found_{choice.value}"]}
        for choice in FoundVia
        if totals[f"found_{choice.value}"]
    ]
    rows.sort(key=lambda row: -row["count"])
    if totals["found_none"]:
        rows.append(
            {"key": "", "label": str(_("not asked or no answer")), "count": totals["found_none"]}
        )
    return rows


def shifted(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def desk_ids(desks) -> list:
    """The ids of a desk queryset (one query), or the ids already given."""
    if hasattr(desks, "values_list"):
        return list(desks.values_list("pk", flat=True))
    return [getattr(desk, "pk", desk) for desk in desks]


def submitted_between(start, end) -> dict:
    """A filter on Feedback.submitted_at for the days start–end (inclusive) as a timestamp
    range, so the index on the timestamp serves it (`__date` would compute a date per row)."""
    zone = timezone.get_current_timezone()
    after = end + datetime.timedelta(days=1)
    return {
        "submitted_at__gte": datetime.datetime.combine(start, datetime.time(), zone),
        "submitted_at__lt": datetime.datetime.combine(after, datetime.time(), zone),
    }


def outbound_referrals(*, desks, start, end):
    """Referrals from the desks' own organisations in a period (inclusive), tied to one of
    their visits or trajects (summary.outbound_referrals)."""
    return summary.outbound_referrals(
        desks=desk_ids(desks), condition=Q(date__gte=start, date__lte=end)
    )


def choice_rows(totals, prefix, choices):
    """The `<prefix>:<value>` counts of `visit_totals(with_choices=True)` as the rows a GROUP BY
    gave: only values that occur, the most frequent first, then by value."""
    rows = [
        {prefix: value, "count": totals[f"{prefix}:{value}"]}
        for value in choices.values
        if totals[f"{prefix}:{value}"]
    ]
    return sorted(rows, key=lambda row: (-row["count"], row[prefix]))


def visit_totals(visits, question_groups=QUESTION_GROUPS, *, with_choices=False) -> dict:
    """Counts and sums over visits in one aggregate query; `q_<key>` per question group; with
    `with_choices` also `channel:<value>` and `outcome:<value>` (one scan instead of three)."""
    choices = {}
    if with_choices:
        for prefix, choice_class in (("channel", Channel), ("outcome", Outcome)):
            for value in choice_class.values:
                choices[f"{prefix}:{value}"] = Count("pk", filter=Q(**{prefix: value}))
    totals = visits.aggregate(
        **choices,
        count=Count("pk"),
        women=Sum("women"),
        men=Sum("men"),
        other=Sum("other_gender"),
        children=Sum("children"),
        couples=Count("pk", filter=Q(who_came__in=[WhoCame.BOTH_PARTNERS, WhoCame.EX_PARTNERS])),
        one_partner=Count("pk", filter=Q(who_came=WhoCame.ONE_PARTNER)),
        track_a=Count("pk", filter=Q(track=Track.ONE_CONVERSATION)),
        track_b=Count("pk", filter=Q(track=Track.SHORT_TRAJECT)),
        safety=Count("pk", filter=Q(safety_concern=True)),
        social_emotional=Count("pk", filter=Q(advice_social_emotional=True)),
        financial=Count("pk", filter=Q(advice_financial=True)),
        legal=Count("pk", filter=Q(advice_legal=True)),
        parenting=Count("pk", filter=Q(advice_parenting=True)),
        **{
            f"q_{key}": Count("pk", filter=Q(question__in=questions))
            for key, _label, questions in question_groups
        },
        **{f"found_{c.value}": Count("pk", filter=Q(found_via=c.value)) for c in FoundVia},
        found_none=Count("pk", filter=Q(found_via="")),
    )
    return {k: v or 0 for k, v in totals.items()}
