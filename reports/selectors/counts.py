"""The counts the dashboard and the letters share: the question groups, the advice domains, the
totals of a set of visits, submitted questionnaires and outbound referrals per period."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from intake import measures
from intake.constants import FoundVia
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
        {"key": choice.value, "label": str(choice.label), "count": totals[f"found:{choice.value}"]}
        for choice in FoundVia
        if totals[f"found:{choice.value}"]
    ]
    rows.sort(key=lambda row: -row["count"])
    if totals[measures.FOUND_NONE]:
        rows.append(
            {
                "key": "",
                "label": str(_("not asked or no answer")),
                "count": totals[measures.FOUND_NONE],
            }
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
    """The `<prefix>:<value>` counts of `visit_totals` as the rows a GROUP BY
    gave: only values that occur, the most frequent first, then by value."""
    rows = [
        {prefix: value, "count": totals[f"{prefix}:{value}"]}
        for value in choices.values
        if totals[f"{prefix}:{value}"]
    ]
    return sorted(rows, key=lambda row: (-row["count"], row[prefix]))


def visit_totals(visits) -> dict:
    """The counts of a queryset of visits in one aggregate query, by the keys of the measures
    (intake.measures: "visits", "women", "track:B", "advice:juridisch", …), with "persons" and
    "found:none"; the summed VisitMonth columns give the same keys (reports.summary)."""
    return measures.totals(visits)


def question_group_counts(totals) -> dict:
    """{group key: visits} of the question groups, from the question counts of the totals."""
    return {
        key: sum(totals[name] for name in measures.keys_of("question", questions))
        for key, _label, questions in QUESTION_GROUPS
    }


def advice_domain_rows(totals) -> list:
    """The advice domains as rows {key, label, count}, keyed by the Visit flag's name."""
    return [
        {
            "key": field.removeprefix("advice_"),
            "label": capfirst(str(domain.label)),
            "count": totals[f"advice:{domain.value}"],
        }
        for domain, field in measures.ADVICE_FIELDS.items()
    ]
