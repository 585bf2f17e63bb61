"""The registry of visit measures: every count over visits, written once.

A measure has a key (the name the figures go by: "visits", "women", "advice:juridisch",
"question:scheiden"), the Visit field it reads and, for a choice, the value it counts. From the
registry come the three forms of the same count:

- the VisitMonth column (`Measure.column`) the figures per desk and month keep (intake.figures);
- the aggregate over raw visits (`aggregates()`), for the edge days of a period and for a
  letter's segments (reports.summary, reports.selectors);
- the letter's atom (the key itself), which a letter's cell names (reports.letter).

A new figure is one entry here (a new choice of a counted field is picked up by itself) and
a VisitMonth column of the same name (`manage.py makemigrations`; the structure test fails
until the two agree).
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from referrals.constants import Question

from .constants import AdviceDomain, Channel, FoundVia, Outcome, Track, WhoCame

# The advice domains of a visit and the Visit flag of each: the one mapping (the form's
# checkboxes, the admin, the month figures and the dashboard read it).
ADVICE_FIELDS = {
    AdviceDomain.SOCIAL_EMOTIONAL: "advice_social_emotional",
    AdviceDomain.FINANCIAL: "advice_financial",
    AdviceDomain.LEGAL: "advice_legal",
    AdviceDomain.PARENTING: "advice_parenting",
}
# The counted choice fields of a visit: (key prefix, Visit field, choices).
CHOICE_FIELDS = (
    ("who", "who_came", WhoCame),
    ("track", "track", Track),
    ("channel", "channel", Channel),
    ("outcome", "outcome", Outcome),
    ("question", "question", Question),
    ("found", "found_via", FoundVia),
)
# The numbers of a visit that are summed: (key, Visit field).
SUMMED = (("women", "women"), ("men", "men"), ("other", "other_gender"), ("children", "children"))


@dataclass(frozen=True)
class Measure:
    """One count over visits: all of them ("count"), the sum of a number ("sum"), those with a
    flag set ("flag") or those with one value of a choice ("choice")."""

    key: str
    kind: str
    field: str | None = None
    value: str | None = None

    @property
    def column(self) -> str:
        """The VisitMonth column: the field for a sum or a flag, `<prefix>_<value>` for a
        choice (column("track", "A") -> "track_a")."""
        if self.kind == "count":
            return "visits"
        if self.kind == "choice":
            return column(self.key.split(":", 1)[0], self.value)
        return self.field

    def aggregate(self):
        """The aggregate of the measure over a queryset of visits."""
        if self.kind == "count":
            return Count("pk")
        if self.kind == "sum":
            return Coalesce(Sum(self.field), 0)
        if self.kind == "flag":
            return Count("pk", filter=Q(**{self.field: True}))
        return Count("pk", filter=Q(**{self.field: self.value}))

    def sql(self, quote):
        """(expression, params) of the measure over the rows of the visit table, portable SQL."""
        if self.kind == "count":
            return "COUNT(*)", []
        if self.kind == "sum":
            return f"COALESCE(SUM({quote(self.field)}), 0)", []
        if self.kind == "flag":
            return f"COALESCE(SUM(CASE WHEN {quote(self.field)} THEN 1 ELSE 0 END), 0)", []
        return f"COALESCE(SUM(CASE WHEN {quote(self.field)} = %s THEN 1 ELSE 0 END), 0)", [
            self.value
        ]


def column(prefix, value) -> str:
    """The VisitMonth column of a choice value: column("track", "A") -> "track_a"."""
    return f"{prefix}_{value.lower()}"


def _registry():
    measures = [Measure("visits", "count")]
    measures += [Measure(key, "sum", field) for key, field in SUMMED]
    measures.append(Measure("safety", "flag", "safety_concern"))
    measures += [
        Measure(f"advice:{domain.value}", "flag", field) for domain, field in ADVICE_FIELDS.items()
    ]
    for prefix, field, choices in CHOICE_FIELDS:
        measures += [
            Measure(f"{prefix}:{value}", "choice", field, value) for value in choices.values
        ]
    return {measure.key: measure for measure in measures}


MEASURES = _registry()
# Visits without an answer to the optional "Hoe heeft u ons gevonden?": the rest of the visits.
FOUND_NONE = "found:none"


def columns() -> list:
    """Every count column of VisitMonth, in the registry's order."""
    return [measure.column for measure in MEASURES.values()]


def aggregates() -> dict:
    """{key: aggregate} of every measure, for one aggregate query over visits."""
    return {key: measure.aggregate() for key, measure in MEASURES.items()}


def with_derived(totals) -> dict:
    """The counts of every measure (ints, None as 0) with what follows from them: "persons"
    (women, men and other) and FOUND_NONE (the visits without an answer on how they found us)."""
    totals = {key: totals.get(key) or 0 for key in MEASURES}
    totals["persons"] = totals["women"] + totals["men"] + totals["other"]
    found = sum(totals[key] for key in MEASURES if key.startswith("found:"))
    totals[FOUND_NONE] = totals["visits"] - found
    return totals


def from_columns(values) -> dict:
    """with_derived() of summed VisitMonth columns ({column: sum})."""
    return with_derived({key: values.get(m.column) for key, m in MEASURES.items()})


def keys_of(prefix, choices=None) -> list:
    """The keys of the measures of a prefix ("question"), or of the given choice values."""
    if choices is not None:
        return [f"{prefix}:{value}" for value in choices]
    return [key for key in MEASURES if key.startswith(prefix + ":")]


def totals(visits) -> dict:
    """with_derived() of a queryset of visits, in one aggregate query: the raw form of the
    figures that VisitMonth keeps per desk and month."""
    return with_derived(visits.aggregate(**aggregates()))
