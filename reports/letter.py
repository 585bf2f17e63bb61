"""The composition of a council letter: its figure blocks, protected as one publication.

A letter is read whole, and beside the municipality's earlier letters. So every block declares
the counts it states (tables, figures in sentences), the counts it only implies (latent: the
women among the visitors of a stated share) and the percentages and averages it states, under
keys that name the count and its period: ("p", "question:scheiden", "2023-01-01",
"2023-12-31"). A key that two blocks declare is one cell, so "stated elsewhere" needs no rule
of its own. Then the identities between blocks (outcome "traject gestart" = trajects started =
track B; outcome "doorverwezen" = the referrals of those visits), the parts of grouped counts,
the figures of earlier letters (as they read there) and the segments of nested or overlapping
periods are added, and `disclosure.protect_publication` protects it all together. Only then
are the sentences written, from what may be published.

`RENDERERS` holds one renderer per `BlockKind`; the block form offers those kinds and the
services accept only those.
"""

import datetime
import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from intake.constants import (
    MAX_SESSIONS,
    FoundVia,
    GotAnswer,
    Outcome,
    Track,
    TrajectStatus,
    WhoCame,
)
from referrals.constants import Question

from . import charts, disclosure, sentences
from .coarsening import MONTH_ABBREVIATIONS, coarsen_months, month_label
from .constants import BlockKind, QuestionGrouping
from .formatting import format_cell, format_euro, format_number
from .models import CouncilReport
from .selectors import QUESTION_GROUPS, earlier_letters, elementary_segments, letter_data

HEADING_KEYS = tuple(key for key, _label in CouncilReport.HEADINGS)


# --- keys --------------------------------------------------------------------------------------


def period_key(measure, start, end):
    """The key of a count over a date range (inclusive): ("p", measure, first, last day)."""
    return ("p", measure, start.isoformat(), end.isoformat())


def _is_period_key(key):
    return isinstance(key, tuple) and len(key) == 4 and key[0] == "p"


def _dates(key):
    return datetime.date.fromisoformat(key[2]), datetime.date.fromisoformat(key[3])


@functools.lru_cache(maxsize=4096)
def _atoms(measure):
    return tuple(sorted(set(measure.split("+"))))


def _measure(atoms):
    return "+".join(sorted(set(atoms)))


def _round(value, places=0):
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _stored_key(key):
    """Keys are stored in a snapshot as JSON lists; read back as tuples."""
    return tuple(_stored_key(k) for k in key) if isinstance(key, list) else key


# --- question groupings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    label: str  # the row of the table
    phrase: str  # the words in the sentence
    questions: tuple
    verb: str = "kwam"


# The words of the seeds: "Waarvan circa 75% voor relatieversterking/herstel en 25% voor
# echtscheiding" (HIA memo, 2024); "Van de groep die komt is 75 procent gescheiden of van plan
# te gaan scheiden … De overige 25 procent bestaat uit inwoners die twijfels hebben over hun
# relatie" (Dordrecht letter, 2024).
GROUPINGS = {
    QuestionGrouping.RELATIONSHIP_OR_DIVORCE: (
        Group(
            "Relatieversterking of -herstel",
            "voor relatieversterking of -herstel",
            (Question.STRENGTHEN, Question.RESTORE),
        ),
        Group(
            "Echtscheiding",
            "voor echtscheiding",
            (Question.CONSIDERING_SEPARATION, Question.SEPARATING),
        ),
    ),
    QuestionGrouping.SEPARATED_OR_DOUBTS: (
        Group(
            "Gescheiden of van plan te gaan scheiden",
            "gescheiden of van plan te gaan scheiden",
            (
                Question.CONSIDERING_SEPARATION,
                Question.SEPARATING,
                Question.AFTER_SEPARATION,
                Question.CONTACT_ARRANGEMENT,
            ),
            verb="is",
        ),
        Group("Twijfels over de relatie", "twijfels over de relatie", (Question.DOUBTS,), "heeft"),
    ),
}
REST_PHRASES = {
    QuestionGrouping.RELATIONSHIP_OR_DIVORCE: ("voor een andere vraag", "kwam"),
    QuestionGrouping.SEPARATED_OR_DOUBTS: ("met een andere vraag", "kwam"),
}
# The dashboard's groups inside a sentence: "Circa 40% kwam voor relatieversterking of -herstel".
DASHBOARD_PHRASES = {
    "strengthen_restore": "voor relatieversterking of -herstel",
    "doubts": "voor twijfels over de relatie",
    "separation": "voor echtscheiding",
    "after_separation": "voor vragen na de scheiding of over de omgang",
    "other": "voor een andere vraag",
}


def question_groups(grouping):
    """The groups of a grouping, in order, the last one holding every other question."""
    if grouping in GROUPINGS:
        groups = list(GROUPINGS[grouping])
        taken = {q for group in groups for q in group.questions}
        phrase, verb = REST_PHRASES[grouping]
        rest = tuple(q for q in Question if q not in taken)
        return [*groups, Group("Andere hulpvraag", phrase, rest, verb)]
    # The dashboard's groups (reports.selectors), so that letter and dashboard agree.
    return [
        Group(str(label), DASHBOARD_PHRASES[key], tuple(questions))
        for key, label, questions in QUESTION_GROUPS
    ]


# --- the letter being composed -----------------------------------------------------------------


@dataclass(eq=False)
class Statement:
    """A percentage or average a block states: the reader knows it, rounded half up."""

    kind: str  # "share" | "ratio"
    part: tuple
    whole: tuple
    value: Decimal
    places: int
    block: int | None


@dataclass
class Table:
    """A table as the letter prints it: rows of a label and one key per column."""

    caption: str
    columns: list
    rows: list
    total: tuple | None = None


class Letter:
    """Collects the cells, relations, tables and statements of one letter's blocks."""

    def __init__(self, *, report, data, threshold, earlier):
        self.report = report
        self.data = data
        self.threshold = threshold
        self.start, self.end = report.period_start, report.period_end
        self.earlier = earlier
        self.values = {}
        self.shown = set()
        self.fixed = set()
        self.labels = {}
        self.owners = {}
        self.atom_owners = {}  # atom -> blocks that state a count of it
        self.relations = []
        self.tables = {}  # engine tables: name -> (rows, total)
        self.totals = set()
        self.statements = []
        self.small_known = []  # keys the reader knows to be 1..T-1 (merged categories)
        self.earlier_cells = []
        self.earlier_relations = []  # the tables and identities of earlier letters
        self.earlier_statements = []  # their percentages and averages
        self.identities = []
        self.notes = {}
        self.block = None
        self.kinds = {spec.get("kind") for spec in report.blocks}
        self.said = set()

    # declaring

    def key(self, measure, start=None, end=None):
        return period_key(measure, start or self.start, end or self.end)

    def count(self, measure, *, start=None, end=None, shown=True, fixed=False, label=None):
        """Declare a count of the data over a range (default: the period); returns its key."""
        key = self.key(measure, start, end)
        first, last = _dates(key)
        value = self.data.value(measure, first, last)
        return self.cell(key, value, shown=shown, fixed=fixed, label=label)

    def cell(self, key, value, *, shown=True, fixed=False, label=None):
        if key in self.values and self.values[key] != value:
            raise ValueError(f"{key!r} is declared twice with different values.")
        self.values[key] = int(value)
        if shown:
            self.shown.add(key)
        if fixed:
            self.fixed.add(key)
        if label and key not in self.labels:
            self.labels[key] = label
        if self.block is not None:
            self.owners.setdefault(key, set()).add(self.block)
            if _is_period_key(key):
                for atom in _atoms(key[1]):
                    self.atom_owners.setdefault(atom, set()).add(self.block)
        return key

    def relation(self, coefficients):
        self.relations.append(dict(coefficients))

    def engine_table(self, name, rows, total):
        """Rows that add up to a total, named for the reasons the preview shows."""
        rows = [row for row in rows if row != total]
        if not rows:
            return None  # one row for the whole period: it is the total
        base, n = name, 2
        while name in self.tables:
            name, n = f"{base} ({n})", n + 1
        self.tables[name] = (list(rows), total)
        self.totals.add(total)
        return name

    def table(self, caption, columns, rows, total):
        """A one-column table of counts: printed, and declared to the engine."""
        self.engine_table(caption, [keys[0] for _label, keys in rows], total)
        return Table(caption, columns, rows, total)

    def share(self, part, whole):
        """State part / whole as a whole percentage; None when the whole is 0 or a count is
        small (a percentage of a small count says the count)."""
        p, w = self.values[part], self.values[whole]
        if not w or self.small(p) or self.small(w):
            return None
        statement = Statement("share", part, whole, _round(Decimal(100) * p / w), 0, self.block)
        self.statements.append(statement)
        return statement

    def ratio(self, numerator, denominator, *, places=1):
        """State numerator / denominator (an average) with `places` decimals."""
        n, d = self.values[numerator], self.values[denominator]
        if not d or self.small(d):
            return None
        statement = Statement(
            "ratio", numerator, denominator, _round(Decimal(n) / d, places), places, self.block
        )
        self.statements.append(statement)
        return statement

    def small(self, value):
        return disclosure.is_small(value, self.threshold)

    def note(self, text):
        self.notes.setdefault(self.block, []).append(text)

    def once(self, what):
        """True the first time; for what a letter says once only."""
        if what in self.said:
            return False
        self.said.add(what)
        return True

    def heading_text(self, spec):
        return (getattr(self.report, spec.get("heading", ""), "") or "").strip().lower()

    # a table at the grain that says the most

    def grain_table(self, candidates, *, captions, columns, total):
        """Declare the candidate grain whose protection hides the fewest cells, finest first.

        Rows are {"label", "count"} and either "measure" (a count over the period) or
        "start"/"end" (a count of `total`'s measure over a part of the period); a merged rest
        row ("merged": [labels]) is the sum of the rows it holds.
        """
        index = disclosure.choose_grain(candidates, self.threshold) if len(candidates) > 1 else 0
        first = {row["label"]: row for row in candidates[0]}
        rows = []
        for row in candidates[index]:
            if "merged" in row:
                parts = [first[label]["measure"] for label in row["merged"]]
                key = self.count(_measure(a for m in parts for a in _atoms(m)), label=row["label"])
                # Which categories were merged tells a reader each held 1..T-1 (zeros stay
                # apart): the engine is told so, as if an earlier letter had read "< T".
                for label, measure in zip(row["merged"], parts, strict=True):
                    part = self.count(measure, shown=False, label=label)
                    if self.small(self.values[part]):
                        self.small_known.append(part)
            elif "measure" in row:
                key = self.count(row["measure"], label=row["label"])
            else:
                key = self.count(total[1], start=row["start"], end=row["end"], label=row["label"])
            rows.append((row["label"], [key]))
        caption = captions[index] if isinstance(captions, list | tuple) else captions
        return self.table(caption, columns, rows, total), index, candidates[index]

    # protecting

    def protect(self):
        """Protect the letter as one publication. When a small count stays exact, leave out the
        percentages and averages of the blocks involved (then of every block) and try again.
        Returns (result, the statements left out)."""
        dropped = set()
        while True:
            result = disclosure.protect_publication(self.publication(dropped))
            if not result.exposed:
                return result, dropped
            blocks = {b for key in result.exposed for b in self.owners.get(key, ())}
            more = {s for s in self.statements if s.block in blocks} - dropped
            if not more:
                more = set(self.statements) - dropped
            if not more:
                return result, dropped
            dropped |= more

    def publication(self, dropped=frozenset()):
        pub = disclosure.LinkedPublication(threshold=self.threshold)
        for key, value in self.values.items():
            pub.count(
                key,
                value,
                shown=key in self.shown,
                fixed=key in self.fixed,
                label=self.labels.get(key),
            )
        for key in self.small_known:
            pub.prior(key, disclosure.small_label(self.threshold))
        for key, label, total in self.earlier_cells:
            pub.prior(key, label, total=total)
        # A key only named by an earlier letter's relations (the rest of a partner return):
        # the reader knows it exists, nothing about its value.
        known = self.values.keys() | {key for key, _label, _total in self.earlier_cells}
        named = {key for relation in self.earlier_relations for key in relation}
        named |= {key for s in self.earlier_statements for key in s[1:3]}
        for key in sorted(named - known, key=repr):
            pub.prior(key, disclosure.WITHHELD)
        for relation in [*self.relations, *self.earlier_relations]:
            pub.relation(relation)
        for kind, part, whole, value, places in self.earlier_statements:
            if kind == "share":
                pub.share(part, whole, value, places=places)
            else:
                pub.ratio(part, whole, value, places=places)
        for name, (rows, total) in self.tables.items():
            pub.table(name, rows=rows, total=total)
        for s in self.statements:
            if s in dropped:
                continue
            if s.kind == "share":
                pub.share(s.part, s.whole, s.value, places=s.places)
            else:
                pub.ratio(s.part, s.whole, s.value, places=s.places)
        return pub


# --- linking: identities, grouped counts, periods, earlier letters -----------------------------

IDENTITY_LABELS = {
    "trajects": "Kortdurende trajecten gestart",
    f"track:{Track.SHORT_TRAJECT}": "Spoor B",
    f"outcome:{Outcome.TRAJECT_STARTED}": "Uitkomst traject gestart",
    f"outcome:{Outcome.REFERRED_ON}": "Uitkomst doorverwezen",
    "referrals:visits": "Verwijzingen vanuit bezoeken",
    "referrals:trajects": "Verwijzingen vanuit trajecten",
}


def _owners_of(letter, measure):
    """The blocks that state a count of any atom of the measure."""
    return set().union(*(letter.atom_owners.get(atom, set()) for atom in _atoms(measure)))


def _latent(letter, key):
    """A part of a linked count, never stated: counted with today's data and protected like
    any count. Also outside this letter's period: a Jul–Dec letter after a Jan–Dec one gives
    Jan–Jun away, and that must not be a small count either."""
    if key in letter.values:
        return
    first, last = _dates(key)
    letter.cell(key, letter.data.value(key[1], first, last), shown=False)
    for block in _owners_of(letter, key[1]):
        letter.owners.setdefault(key, set()).add(block)


def link(letter):
    """Add what a reader can combine beyond each block's own table."""
    data, values = letter.data, letter.values

    def identity(measures):
        """Counts that are one count by how the portal works, where the data agree (a visit
        corrected by hand may not): declared latent where no block states them."""
        keys = [letter.key(m) for m in measures]
        if not any(key in values for key in keys):
            return
        numbers = [data.value(m, letter.start, letter.end) for m in measures]
        for key, measure in zip(keys, measures, strict=True):
            if key not in values:
                letter.cell(
                    key,
                    data.value(measure, letter.start, letter.end),
                    shown=False,
                    label=IDENTITY_LABELS.get(measure),
                )
                for block in set().union(*(letter.owners.get(k, set()) for k in keys)):
                    letter.owners.setdefault(key, set()).add(block)
        for key, number in zip(keys[1:], numbers[1:], strict=True):
            if number == numbers[0]:
                letter.relation({keys[0]: 1, key: -1})
                letter.identities.append({keys[0]: 1, key: -1})

    identity([f"outcome:{Outcome.TRAJECT_STARTED}", "trajects", f"track:{Track.SHORT_TRAJECT}"])
    referrals = letter.key("referrals")
    if data.referral_identity:
        identity([f"outcome:{Outcome.REFERRED_ON}", "referrals:visits"])
    if referrals in values:
        # The referrals are those of visits and of trajects. Without any of trajects a reader
        # may take them all for the visits' (as the issue's example does): the stricter reading.
        parts = [letter.key("referrals:visits"), letter.key("referrals:trajects")]
        if not data.value("referrals:trajects", letter.start, letter.end):
            parts = parts[:1]
        for part in parts:
            _latent(letter, part)
            letter.labels.setdefault(part, IDENTITY_LABELS[part[1]])
        letter.relation({referrals: 1, **dict.fromkeys(parts, -1)})

    # Earlier letters as they read: every cell, and what their reader knows besides (their
    # tables add up, their identities, their percentages and averages).
    for row in letter.earlier:
        snapshot = row["snapshot"] or {}
        for key, label, total in snapshot.get("cells", []):
            letter.earlier_cells.append((_stored_key(key), label, bool(total)))
        for terms in snapshot.get("relations", []):
            letter.earlier_relations.append({_stored_key(k): c for k, c in terms})
        for kind, part, whole, value, places in snapshot.get("statements", []):
            letter.earlier_statements.append(
                (kind, _stored_key(part), _stored_key(whole), Decimal(value), places)
            )
    published_earlier = {key for key, _label, _total in letter.earlier_cells}
    for relation in letter.earlier_relations:
        for key in relation:
            if _is_period_key(key) and key not in published_earlier:
                _latent(letter, key)  # a count an earlier letter only implied
    for _kind, part, whole, _value, _places in letter.earlier_statements:
        for key in (part, whole):
            if _is_period_key(key) and key not in published_earlier:
                _latent(letter, key)

    # A count over a range is the sum of its count over the segments that all ranges of the
    # same count cut it into (Jan–Dec = Jan–Jun + Jul–Dec, a quarter = its months), and a
    # grouped count is the sum of its parts (so that letters that group differently link).
    keys = {key for key in values if _is_period_key(key)}
    keys |= {key for key, _label, _total in letter.earlier_cells if _is_period_key(key)}
    seen = set()

    def add(relation):
        frozen = frozenset(relation.items())
        if frozen not in seen:
            seen.add(frozen)
            letter.relation(relation)

    def by_segments(measures):
        spans = {}
        for key in list(keys):
            if key[1] in measures:
                spans.setdefault(key[1], set()).add(_dates(key))
        for measure, ranges in sorted(spans.items()):
            if len(ranges) < 2:
                continue
            segments = elementary_segments(sorted(ranges))
            for first, last in sorted(ranges):
                inside = [s for s in segments if first <= s[0] and s[1] <= last]
                if len(inside) < 2:
                    continue
                parts = [period_key(measure, *s) for s in inside]
                for part in parts:
                    _latent(letter, part)
                keys.update(parts)
                add({period_key(measure, first, last): 1, **dict.fromkeys(parts, -1)})

    by_segments({key[1] for key in keys})
    for key in sorted(keys):
        atoms = _atoms(key[1])
        if len(atoms) > 1:
            parts = [period_key(atom, *_dates(key)) for atom in atoms]
            for part in parts:
                _latent(letter, part)
            keys.update(parts)
            add({key: 1, **dict.fromkeys(parts, -1)})
    by_segments({key[1] for key in keys if len(_atoms(key[1])) == 1})


def letter_ranges(report, earlier):
    """The date ranges a letter counts over: its period, the rows of the finest readable grain
    of its table of visits over time (coarser grains are unions of them) and every range of the
    earlier letters it links to."""
    start, end = report.period_start, report.period_end
    ranges = [(start, end)]
    if any(spec.get("kind") == BlockKind.MONTHLY for spec in report.blocks):
        finest = time_grains([], start, end)[readable_grains(start, end)[0]]
        ranges += [(row["start"], row["end"]) for row in finest]
    for key in _earlier_keys(earlier):
        if _is_period_key(key):
            ranges.append(_dates(key))
    return ranges


def _earlier_keys(earlier):
    """Every key an earlier letter names: its cells, relations and statements."""
    for row in earlier:
        snapshot = row["snapshot"] or {}
        for key, _label, _total in snapshot.get("cells", []):
            yield _stored_key(key)
        for terms in snapshot.get("relations", []):
            for key, _coefficient in terms:
                yield _stored_key(key)
        for _kind, part, whole, _value, _places in snapshot.get("statements", []):
            yield _stored_key(part)
            yield _stored_key(whole)


def _month_starts(start, end):
    cursor = datetime.date(start.year, start.month, 1)
    while cursor <= end:
        yield cursor
        cursor = datetime.date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)


def _month_end(first):
    following = datetime.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


# --- what may be published ---------------------------------------------------------------------


class View:
    """What the protection lets the letter say: published cells and the statements kept."""

    def __init__(self, letter, result, dropped):
        self.letter = letter
        self.result = result
        self.dropped = dropped
        self.threshold = letter.threshold

    def label(self, key):
        """int, "< T" or "x"; None for a latent count (never stated)."""
        return self.result.published.get(key)

    def amount(self, key):
        """A count for a sentence: int, "< T" (small), or None (hidden: do not state it)."""
        label = self.label(key)
        if isinstance(label, int) or label == f"< {self.threshold}":
            return label
        return None

    def number(self, key):
        label = self.label(key)
        return label if isinstance(label, int) else None

    def says(self, *statements):
        return all(s is not None and s not in self.dropped for s in statements)

    def table(self, table):
        cells, rows = [], []
        for label, keys in table.rows:
            texts = [format_cell(self.label(key)) for key in keys]
            cells += texts
            rows.append([label, *texts])
        if table.total is not None:
            total = format_cell(self.label(table.total))
            cells.append(total)
            rows.append(["Totaal", total])
        return {
            "caption": table.caption,
            "columns": table.columns,
            "rows": rows,
            "legend": sentences.table_legend(cells, threshold=self.threshold),
            "all_shown": all(
                isinstance(self.label(key), int) for _label, keys in table.rows for key in keys
            ),
        }

    def bars(self, table):
        """A bar chart of a table whose cells are all shown (else None): server-side SVG with
        presentation attributes only, beside its table."""
        if not self.table(table)["all_shown"]:
            return None
        rows = [{"label": label, "count": self.label(keys[0])} for label, keys in table.rows]
        chart = charts.bar_chart(rows, title=table.caption)
        chart["title"] = f"{table.caption}: " + "; ".join(
            f"{b['label']} {b['text']}" for b in chart["bars"]
        )
        return chart


def _percent(statement, *, word=False):
    return f"{format_number(statement.value)}{' procent' if word else '%'}"


# --- the renderers, one per block kind ---------------------------------------------------------
#
# A renderer declares the block's cells and statements on the letter and returns a function of
# the View that gives the block's content ({"paragraphs", "table", "chart"}), or None when the
# block has nothing to say in this letter.


def _visits(letter):
    """The number of visits of the period: stated under every table of visits, never hidden."""
    return letter.count("visits", fixed=True, label="Bezoeken")


def _offers_trajects(letter):
    return any(desk["offers_trajects"] for desk in letter.data.desks)


def render_visits_summary(spec, letter):
    persons = letter.count("persons", label="Inwoners")
    children = letter.count("children", label="Betrokken kinderen")
    desk = sentences.desk_phrase([d["name"] for d in letter.data.desks])
    opening = sentences.period_phrase(letter.start, letter.end)

    def render(view):
        text = sentences.visits_sentence(
            view.amount(persons),
            view.amount(children),
            opening=opening,
            desk=desk,
            threshold=view.threshold,
        )
        return {"paragraphs": [text]}

    return render


def render_question_split(spec, letter):
    grouping = spec.get("grouping") or QuestionGrouping.DASHBOARD
    visits = _visits(letter)
    groups = question_groups(grouping)
    rows = []
    for i, group in enumerate(groups):
        measure = _measure(f"question:{q}" for q in group.questions)
        count = letter.data.value(measure, letter.start, letter.end)
        if grouping != QuestionGrouping.DASHBOARD and i == len(groups) - 1 and not count:
            continue  # no "Andere hulpvraag 0" row
        rows.append({"label": group.label, "count": count, "measure": measure})
    by_label = {group.label: group for group in groups}
    candidates = [rows]
    if grouping == QuestionGrouping.DASHBOARD:
        candidates = disclosure.merge_small(rows, letter.threshold, rest_label="Overig")
    table, index, chosen = letter.grain_table(
        candidates,
        captions="Bezoeken naar hulpvraag",
        columns=["Hulpvraag", "Aantal bezoeken"],
        total=visits,
    )
    if index:
        letter.note(
            _("Groups merged into “%(rest)s” so that no small count remains: %(groups)s.")
            % {"rest": "Overig", "groups": ", ".join(chosen[-1]["merged"])}
        )
    keys = [keys[0] for _label, keys in table.rows]
    small = any(letter.small(letter.values[key]) for key in keys)
    # Percentages of one merged rest ("100% kwam voor een andere vraag") say nothing.
    telling = [row for row in chosen if row["count"] and "merged" not in row]
    shares = {} if small or not telling else {key: letter.share(key, visits) for key in keys}

    def render(view):
        content = {"table": view.table(table)}
        stated = [
            (label, shares[k[0]])
            for label, k in table.rows
            if shares.get(k[0]) and letter.values[k[0]]
        ]
        if stated and view.says(*(s for _label, s in stated)):
            parts = [
                (by_label.get(label) or Group(label, "met een andere vraag", ()), s)
                for label, s in stated
            ]
            content["paragraphs"] = [
                sentences.question_sentence(
                    [
                        (
                            group.phrase,
                            group.verb,
                            _percent(s, word=grouping == QuestionGrouping.SEPARATED_OR_DOUBTS),
                        )
                        for group, s in parts
                    ],
                    style=grouping,
                )
            ]
            content["chart"] = view.bars(table)
        elif not letter.values[visits]:
            content["paragraphs"] = ["Er zijn in deze periode geen hulpvragen geregistreerd."]
        else:
            content["paragraphs"] = [sentences.TOO_FEW_FOR_PERCENTAGES % "naar hulpvraag"]
        return content

    return render


def render_women_share(spec, letter):
    persons = letter.count("persons", shown=False, label="Inwoners")
    parts = [
        letter.count(measure, shown=False, label=label)
        for measure, label in (("women", "Vrouwen"), ("men", "Mannen"), ("other", "Anders"))
    ]
    letter.relation({persons: 1, **dict.fromkeys(parts, -1)})
    share = letter.share(parts[0], persons)

    def render(view):
        if not letter.values[persons]:
            return None
        if view.says(share):
            return {
                "paragraphs": [f"Circa {_percent(share, word=True)} van de bezoekers is vrouw."]
            }
        return {"paragraphs": [sentences.TOO_FEW_FOR_PERCENTAGES % "van vrouwen en mannen"]}

    return render


WHO_ROWS = (
    ("Alleen", (WhoCame.ONE_PARTNER,)),
    ("Samen met de (ex-)partner", (WhoCame.BOTH_PARTNERS, WhoCame.EX_PARTNERS)),
    ("Ouder met een ander", (WhoCame.PARENT_WITH_OTHER,)),
)


def render_who_came(spec, letter):
    visits = _visits(letter)
    rows = [
        (label, [letter.count(_measure(f"who:{w}" for w in who), label=label)])
        for label, who in WHO_ROWS
    ]
    table = letter.table("Bezoeken naar wie er kwam", ["Wie kwam", "Aantal bezoeken"], rows, visits)
    small = any(letter.small(letter.values[keys[0]]) for _label, keys in rows)
    alone = together = None
    if not small:
        alone, together = (letter.share(rows[i][1][0], visits) for i in (0, 1))

    def render(view):
        if not letter.values[visits]:
            return None
        content = {"table": view.table(table)}
        if view.says(alone, together):
            lead = "De meeste bezoekers komen alleen: bij" if alone.value > 50 else "Bij"
            content["paragraphs"] = [
                f"{lead} {_percent(alone)} van de bezoeken kwam één persoon, bij "
                f"{_percent(together)} kwamen beide (ex-)partners samen."
            ]
        else:
            content["paragraphs"] = [sentences.TOO_FEW_FOR_PERCENTAGES % "naar wie er kwam"]
        return content

    return render


def render_walk_in(spec, letter):
    desks = letter.data.desks

    def render(view):
        several = len(desks) > 1
        paragraphs = [
            p for p in (sentences.schedule_sentence(d, several=several) for d in desks) if p
        ]
        return {"paragraphs": paragraphs} if paragraphs else None

    return render


GRAINS = ("maand", "kwartaal", "halfjaar", "jaar")
# A table of visits over time stays readable: at most this many rows when a grain allows it
# (ten years per half-year); the finest grain within it that hides the fewest cells wins.
MAX_TIME_ROWS = 24


def _by_year(rows):
    """The half-year rows of coarsen_months per calendar year, labelled like its rows."""
    years = {}
    for row in rows:
        years.setdefault(row["start"].year, []).append(row)
    grouped = []
    for year, members in years.items():
        first, last = members[0]["start"], members[-1]["end"]
        months = [month for m in members for month in m["months"]]
        if (first, last) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
            label = str(year)
        elif len(months) == 1:
            label = month_label(months[0])
        else:
            label = (
                f"{MONTH_ABBREVIATIONS[months[0].month - 1]}–"
                f"{MONTH_ABBREVIATIONS[months[-1].month - 1]} {year}"
            )
        count = sum(m["count"] for m in members)
        grouped.append(
            {"label": label, "count": count, "start": first, "end": last, "months": months}
        )
    return grouped


def time_grains(monthly, start, end):
    """The table of visits over time per month, quarter, half-year and year (rows of
    coarsen_months); `monthly` is [(first day of a month, count)]."""
    grains = coarsen_months(monthly, start, end)
    return [*grains, _by_year(grains[-1])]


def readable_grains(start, end):
    """The indices of the grains with at most MAX_TIME_ROWS rows (else the coarsest)."""
    months = list(_month_starts(start, end))
    grains = time_grains([(m, 0) for m in months], start, end)
    return [i for i, rows in enumerate(grains) if len(rows) <= MAX_TIME_ROWS] or [len(grains) - 1]


def render_monthly(spec, letter):
    visits = _visits(letter)
    monthly = sorted(letter.data.monthly.items())
    grains = time_grains(monthly, letter.start, letter.end)
    readable = readable_grains(letter.start, letter.end)
    table, index, _rows = letter.grain_table(
        [grains[i] for i in readable],
        captions=[f"Bezoeken per {GRAINS[i]}" for i in readable],
        columns=["Periode", "Aantal bezoeken"],
        total=visits,
    )
    grain = readable[index]
    if 0 not in readable:
        letter.note(
            _("Shown per %(grain)s: per month the table would have more than %(max)s rows.")
            % {"grain": GRAINS[grain], "max": MAX_TIME_ROWS}
        )
    elif grain:
        letter.note(
            _(
                "Shown per %(grain)s instead of per month: at this grain the fewest cells are "
                "hidden."
            )
            % {"grain": GRAINS[grain]}
        )

    def render(view):
        chart = view.bars(table) if letter.values[visits] else None
        lead = "De grafiek en de tabel tonen" if chart else "De tabel toont"
        return {
            "paragraphs": [f"{lead} het aantal bezoeken per {GRAINS[grain]}."],
            "table": view.table(table),
            "chart": chart,
        }

    return render


def _category_rows(letter, prefix, *, none_label=None):
    found = letter.data.atoms_with_prefix(f"{prefix}:", letter.start, letter.end)
    rows = [
        {"label": letter.data.names.get(atom, atom), "count": count, "measure": atom}
        for atom, count in found.items()
        if not atom.endswith(":none")
    ]
    rows.sort(key=lambda row: (-row["count"], row["label"]))
    none = found.get(f"{prefix}:none", 0)
    if none_label and none:
        rows.append({"label": none_label, "count": none, "measure": f"{prefix}:none"})
    return rows


def render_referred_by(spec, letter):
    visits = _visits(letter)
    rows = _category_rows(letter, "referred_by", none_label="Geen verwijzer vastgelegd")
    table, index, chosen = letter.grain_table(
        disclosure.merge_small(rows, letter.threshold, rest_label="Overige verwijzers")
        if rows
        else [rows],
        captions="Verwezen door",
        columns=["Verwijzer", "Aantal bezoeken"],
        total=visits,
    )
    if index:
        letter.note(
            _("Groups merged into “%(rest)s” so that no small count remains: %(groups)s.")
            % {"rest": "Overige verwijzers", "groups": ", ".join(chosen[-1]["merged"])}
        )

    def render(view):
        if not letter.values[visits]:
            return None
        if all(row["measure"] == "referred_by:none" for row in rows):
            return {"paragraphs": ["In deze periode is bij geen bezoek een verwijzer vastgelegd."]}
        return {
            "paragraphs": ["Inwoners kwamen via de volgende verwijzers bij het loket."],
            "table": view.table(table),
        }

    return render


def render_found_via(spec, letter):
    """ "Hoe heeft u ons gevonden?": the findability the councils ask about (seeds 001, 004)."""
    visits = _visits(letter)
    found = letter.data.atoms_with_prefix("found:", letter.start, letter.end)
    labels = {f"found:{choice.value}": str(choice.label) for choice in FoundVia}
    rows = [
        {"label": labels[atom], "count": count, "measure": atom}
        for atom, count in found.items()
        if atom in labels
    ]
    rows.sort(key=lambda row: (-row["count"], row["label"]))
    if found.get("found:none"):
        rows.append(
            {
                "label": "Niet gevraagd of geen antwoord",
                "count": found["found:none"],
                "measure": "found:none",
            }
        )
    rest = "Overige manieren"
    table, index, chosen = letter.grain_table(
        disclosure.merge_small(rows, letter.threshold, rest_label=rest) if rows else [rows],
        captions="Hoe bezoekers het loket vonden",
        columns=["Gevonden via", "Aantal bezoeken"],
        total=visits,
    )
    if index:
        letter.note(
            _("Groups merged into “%(rest)s” so that no small count remains: %(groups)s.")
            % {"rest": rest, "groups": ", ".join(chosen[-1]["merged"])}
        )

    def render(view):
        if not letter.values[visits]:
            return None
        if all(row["measure"] == "found:none" for row in rows):
            return {
                "paragraphs": ["In deze periode is niet vastgelegd hoe bezoekers het loket vonden."]
            }
        return {
            "paragraphs": ["Zo hebben bezoekers het loket gevonden."],
            "table": view.table(table),
        }

    return render


def render_tracks(spec, letter):
    visits = _visits(letter)
    rows = [
        (
            "Eén adviesgesprek (spoor A)",
            [letter.count(f"track:{Track.ONE_CONVERSATION}", label="Spoor A")],
        ),
        (
            "Kortdurend traject (spoor B)",
            [letter.count(f"track:{Track.SHORT_TRAJECT}", label="Spoor B")],
        ),
    ]
    table = letter.table("Bezoeken naar spoor", ["Spoor", "Aantal bezoeken"], rows, visits)
    a, b = (letter.values[keys[0]] for _label, keys in rows)
    shares = None
    if b and not letter.small(a) and not letter.small(b):
        shares = (letter.share(rows[0][1][0], visits), letter.share(rows[1][1][0], visits))
    trajects = letter.data.value("trajects", letter.start, letter.end)

    def render(view):
        if not b and not trajects and not _offers_trajects(letter):
            return None  # a desk without trajects: nothing to say about track B
        content = {"table": view.table(table)}
        if not letter.values[visits]:
            text = "Er zijn in deze periode geen bezoeken geregistreerd."
        elif not b:
            text = (
                "Bij alle bezoeken van deze periode volstond één adviesgesprek (spoor A); er is "
                "geen kortdurend traject (spoor B) gestart."
            )
        elif shares and view.says(*shares):
            text = (
                f"Bij {_percent(shares[0])} van de bezoeken volstond één adviesgesprek (spoor A); "
                f"bij {_percent(shares[1])} volgde een kortdurend traject (spoor B)."
            )
        else:
            text = sentences.TOO_FEW_FOR_PERCENTAGES % "naar spoor"
        content["paragraphs"] = [text]
        return content

    return render


TRAJECT_ROWS = (
    ("Afgerond", TrajectStatus.COMPLETED),
    ("Voortijdig gestopt", TrajectStatus.STOPPED_EARLY),
    ("Doorverwezen", TrajectStatus.REFERRED_ON),
    ("Loopt nog", TrajectStatus.RUNNING),
)


def render_trajects(spec, letter):
    trajects = letter.count("trajects", label="Kortdurende trajecten gestart")
    rows = [
        (label, [letter.count(f"traject:{status}", label=label)]) for label, status in TRAJECT_ROWS
    ]
    table = letter.table(
        "Kortdurende trajecten naar stand van zaken",
        ["Stand van zaken", "Aantal trajecten"],
        rows,
        trajects,
    )
    sessions = letter.count("sessions", shown=False, label="Gesprekken")
    average = letter.ratio(sessions, trajects, places=1)

    def render(view):
        started = letter.values[trajects]
        if not started and not _offers_trajects(letter):
            return None
        if not started:
            return {"paragraphs": ["In deze periode is geen kortdurend traject gestart."]}
        content = {"table": view.table(table)}
        content["paragraphs"] = [
            sentences.trajects_sentence(
                view.amount(trajects),
                average.value if view.says(average) and letter.values[sessions] else None,
                threshold=view.threshold,
            )
        ]
        return content

    return render


def render_session_length(spec, letter):
    sessions = letter.count("sessions", shown=False, label="Gesprekken")
    minutes = letter.count("minutes", shown=False, label="Minuten")
    average = letter.ratio(minutes, sessions, places=0)

    def render(view):
        if not letter.values[sessions]:
            return None
        text = f"Een kortdurend traject bestaat uit ten hoogste {MAX_SESSIONS} gesprekken"
        if view.says(average):
            text += (
                f"; een gesprek duurde in deze periode gemiddeld {sentences.hours(average.value)}"
            )
        return {"paragraphs": [text + "."]}

    return render


OUTCOME_ROWS = (
    ("Op weg geholpen", Outcome.HELPED),
    ("Traject gestart", Outcome.TRAJECT_STARTED),
    ("Doorverwezen", Outcome.REFERRED_ON),
    ("Geen vervolg", Outcome.NO_FOLLOW_UP),
)


def render_outcomes(spec, letter):
    visits = _visits(letter)
    rows = [(label, [letter.count(f"outcome:{o}", label=label)]) for label, o in OUTCOME_ROWS]
    table = letter.table("Bezoeken naar uitkomst", ["Uitkomst", "Aantal bezoeken"], rows, visits)

    def render(view):
        if not letter.values[visits]:
            return None
        return {"paragraphs": ["Zo liepen de bezoeken af."], "table": view.table(table)}

    return render


def render_referred_to(spec, letter):
    total = letter.count("referrals", label="Doorverwijzingen")
    rows = _category_rows(letter, "to")
    table, index, chosen = letter.grain_table(
        disclosure.merge_small(rows, letter.threshold, rest_label="Overige organisaties")
        if rows
        else [rows],
        captions="Doorverwezen naar",
        columns=["Organisatie", "Aantal verwijzingen"],
        total=total,
    )
    if index:
        letter.note(
            _("Groups merged into “%(rest)s” so that no small count remains: %(groups)s.")
            % {"rest": "Overige organisaties", "groups": ", ".join(chosen[-1]["merged"])}
        )

    def render(view):
        if not letter.values[total]:
            return {"paragraphs": ["In deze periode zijn geen doorverwijzingen vastgelegd."]}
        if len(table.rows) == 1 and "merged" in chosen[0]:
            # Every organisation had a small count: only the total can be said.
            how_many = sentences.count_phrase(view.amount(total), view.threshold)
            return {
                "paragraphs": [
                    (
                        f"In deze periode verwees het loket {how_many} keer door"
                        if how_many
                        else "In deze periode verwees het loket inwoners door"
                    )
                    + "; naar welke organisaties publiceren wij niet, omdat de aantallen per "
                    "organisatie te klein zijn."
                ]
            }
        return {
            "paragraphs": ["Het loket verwees inwoners door naar de volgende organisaties."],
            "table": view.table(table),
        }

    return render


ANSWER_ROWS = (("Ja", GotAnswer.YES), ("Deels", GotAnswer.PARTLY), ("Nee", GotAnswer.NO))


def render_feedback(spec, letter):
    total = letter.count("feedback", label="Ingevulde vragenlijsten")
    rows = [(label, [letter.count(f"answer:{a}", label=label)]) for label, a in ANSWER_ROWS]
    table = letter.table(
        "Antwoord gekregen op de hulpvraag (vragenlijst)", ["Antwoord", "Aantal"], rows, total
    )
    recommend = letter.count("recommend", shown=False, label="Zou het loket aanbevelen")
    rating = letter.count("rating", shown=False, label="Rapportcijfers")
    answered = letter.share(rows[0][1][0], total)
    recommends = letter.share(recommend, total)
    average = letter.ratio(rating, total, places=1)

    def render(view):
        n = letter.values[total]
        if not n:
            return {"paragraphs": ["In deze periode heeft geen bezoeker de vragenlijst ingevuld."]}
        parts = []
        if view.says(answered):
            parts.append(f"kreeg {_percent(answered, word=True)} antwoord op de hulpvraag")
        if view.says(recommends):
            parts.append(f"zou {_percent(recommends, word=True)} het loket aanbevelen")
        text = "Na afloop van een gesprek kunnen bezoekers vrijblijvend een vragenlijst invullen"
        how_many = sentences.count_phrase(view.amount(total), view.threshold)
        if how_many:
            one = view.amount(total) == 1  # a protected count is always plural
            text += f"; in deze periode {'deed' if one else 'deden'} {how_many} "
            text += f"{'bezoeker' if one else 'bezoekers'} dat."
        else:
            text += "."
        if parts:
            text += " Van hen " + " en ".join(parts) + "."
        if view.says(average):
            text += f" Het gemiddelde rapportcijfer is {format_number(average.value, 1)}."
        return {"paragraphs": [text], "table": view.table(table)}

    return render


def render_partner_returns(spec, letter):
    caption = "Periodieke opgaven van partners"
    rows = []
    for r in letter.data.partner_returns:
        label = (
            f"{r['organisation__name']}, {sentences.span_text(r['period_start'], r['period_end'])}"
        )
        keys = [
            letter.cell(("return", r["pk"], part), r[part], label=f"{label}: {name}")
            for part, name in (
                ("persons", "personen"),
                ("helped", "zelf geholpen"),
                ("referred_on", "doorverwezen"),
            )
        ]
        parts = keys[1:]
        rest = r["persons"] - r["helped"] - r["referred_on"]
        if rest:
            parts.append(letter.cell(("return", r["pk"], "rest"), rest, shown=False))
        # Without a rest the reader may take the parts for the whole ("hiervan werden zeventien
        # zelf geholpen en is één persoon doorverwezen"): 18 and 17 give the 1 away.
        letter.engine_table(f"{caption}: {label}", parts, keys[0])
        rows.append((label, keys))
    table = Table(
        caption,
        ["Partner en periode", "Personen met relatievragen", "Zelf geholpen", "Doorverwezen"],
        rows,
    )

    def render(view):
        if not rows:
            return None
        return {
            "paragraphs": [
                "Partners geven periodiek door hoeveel inwoners met vragen over relaties bij hen "
                "aanklopten, hoeveel zij zelf hielpen en hoeveel zij doorverwezen."
            ],
            "table": view.table(table),
        }

    return render


def render_budget(spec, letter):
    budget = letter.data.budget
    not_applicable = letter.heading_text(spec).startswith("niet van toepassing")

    def render(view):
        if budget["amount"] is None:
            if not_applicable or not letter.once("no budget"):
                return None
            return {"paragraphs": ["Voor deze periode is geen budget vastgelegd."]}
        return {"paragraphs": [sentences.budget_sentence(budget, letter.start, letter.end)]}

    return render


def render_costs(spec, letter):
    trajects = letter.count("trajects", label="Kortdurende trajecten gestart")
    hourly = any(desk["offers_trajects"] and desk.get("hourly") for desk in letter.data.desks)
    minutes = letter.count("minutes", label="Minuten") if hourly else None
    budget = letter.data.budget
    cost = letter.data.cost(letter.start, letter.end)
    budget_block = BlockKind.BUDGET in letter.kinds
    not_applicable = letter.heading_text(spec).startswith("niet van toepassing")

    def budget_part(spent):
        if budget["amount"] is None:
            if budget_block or not_applicable or not letter.once("no budget"):
                return ""
            return " Voor deze periode is geen budget vastgelegd."
        used = (
            f"{format_number(_round(100 * spent / budget['amount']))}%"
            if spent is not None
            else None
        )
        if budget_block:
            return f" Daarmee is {used} van het budget van deze periode besteed." if used else ""
        text = " " + sentences.budget_sentence(budget, letter.start, letter.end)
        return text + (f" Daarvan is {used} besteed." if used else "")

    def render(view):
        started = letter.values[trajects]
        if not started and not _offers_trajects(letter) and budget["amount"] is None:
            return None
        if not started:
            return {
                "paragraphs": [
                    (
                        "In deze periode zijn geen kortdurende trajecten gestart."
                        + budget_part(Decimal(0))
                    ).strip()
                ]
            }
        shown = view.number(trajects) is not None and (
            minutes is None or view.number(minutes) is not None
        )
        if not shown:
            return {
                "paragraphs": [
                    (
                        "De kosten van de trajecten geven wij niet, omdat het aantal trajecten te "
                        "klein is om te publiceren zonder dat deelnemers herkenbaar kunnen worden."
                        + budget_part(None)
                    )
                ]
            }
        if started == 1:
            text = f"Het kortdurende traject van deze periode kost {format_euro(cost)}."
        else:
            text = (
                f"De {format_number(started)} kortdurende trajecten van deze periode kosten "
                f"{format_euro(cost)}, gemiddeld {format_euro(_round(cost / started))} per traject."
            )
        return {"paragraphs": [text + budget_part(cost)]}

    return render


def render_indicator(spec, letter):
    indicator = letter.data.indicators.get(spec.get("indicator"))

    def render(view):
        return {"paragraphs": [sentences.indicator_sentence(indicator)]} if indicator else None

    return render


RENDERERS = {
    BlockKind.VISITS_SUMMARY: render_visits_summary,
    BlockKind.QUESTION_SPLIT: render_question_split,
    BlockKind.WOMEN_SHARE: render_women_share,
    BlockKind.WHO_CAME: render_who_came,
    BlockKind.WALK_IN: render_walk_in,
    BlockKind.MONTHLY: render_monthly,
    BlockKind.REFERRED_BY: render_referred_by,
    BlockKind.FOUND_VIA: render_found_via,
    BlockKind.TRACKS: render_tracks,
    BlockKind.TRAJECTS: render_trajects,
    BlockKind.SESSION_LENGTH: render_session_length,
    BlockKind.OUTCOMES: render_outcomes,
    BlockKind.REFERRED_TO: render_referred_to,
    BlockKind.FEEDBACK: render_feedback,
    BlockKind.PARTNER_RETURNS: render_partner_returns,
    BlockKind.BUDGET: render_budget,
    BlockKind.COSTS: render_costs,
    BlockKind.INDICATOR: render_indicator,
}
assert set(RENDERERS) == set(BlockKind), "every block kind has one renderer"


# --- the whole letter --------------------------------------------------------------------------


@dataclass
class Composition:
    snapshot: dict
    problems: list = field(default_factory=list)


def compose(*, report, threshold) -> Composition:
    """Compute, protect and write the figure blocks of a report: the snapshot to freeze, and the
    problems that forbid publishing it (a small count that would stay exact)."""
    earlier = earlier_letters(report=report)
    data = letter_data(
        municipality=report.municipality,
        ranges=letter_ranges(report, earlier),
        indicator_ids=[
            spec.get("indicator")
            for spec in report.blocks
            if spec.get("kind") == BlockKind.INDICATOR
        ],
        monthly=any(spec.get("kind") == BlockKind.MONTHLY for spec in report.blocks),
    )
    letter = Letter(report=report, data=data, threshold=threshold, earlier=earlier)
    renderers = []
    for index, spec in enumerate(report.blocks):
        letter.block = index
        renderers.append(RENDERERS[BlockKind(spec["kind"])](spec, letter))
    letter.block = None
    link(letter)
    result, dropped = letter.protect()
    view = View(letter, result, dropped)

    blocks, protection = [], []
    for index, (spec, render) in enumerate(zip(report.blocks, renderers, strict=True)):
        letter.block = index
        content = render(view)
        title = str(BlockKind(spec["kind"]).label)
        notes = list(letter.notes.get(index, []))
        notes += _hidden_notes(letter, result, index)
        if any(s.block == index for s in dropped):
            notes.append(
                _(
                    "Percentages and averages left out: together with the other figures they "
                    "would give a small count away."
                )
            )
        if content is None:
            notes.append(_("Nothing to say for this period: the block is left out of the letter."))
        else:
            blocks.append(
                {
                    "heading": spec["heading"],
                    "kind": spec["kind"],
                    "paragraphs": content.get("paragraphs", []),
                    "table": content.get("table"),
                    "chart": content.get("chart"),
                }
            )
        protection.append({"number": index + 1, "title": title, "notes": notes})

    problems = _problems(letter, result)
    shown = dict(result.published)
    return Composition(
        snapshot={
            "threshold": threshold,
            "figures": {
                name: format_cell(shown.get(letter.key(name)))
                for name in ("visits", "persons", "children")
                if letter.key(name) in shown
            },
            "sections": [
                {
                    "key": key,
                    "heading": heading,
                    "text": getattr(report, key),
                    "blocks": [b for b in blocks if b["heading"] == key],
                }
                for key, heading in CouncilReport.HEADINGS
            ],
            # Every published cell with its key, so that later letters of the municipality
            # are protected together with this one.
            "cells": [
                [_json_key(key), label, key in letter.totals] for key, label in shown.items()
            ],
            "relations": [
                [[_json_key(key), coefficient] for key, coefficient in relation.items()]
                for relation in [
                    *(
                        {**dict.fromkeys(rows, 1), total: -1}
                        for rows, total in letter.tables.values()
                    ),
                    *letter.identities,
                ]
            ],
            "statements": [
                [s.kind, _json_key(s.part), _json_key(s.whole), str(s.value), s.places]
                for s in letter.statements
                if s not in dropped
            ],
            "protection": protection,
            "linked_letters": [
                {
                    "title": row["title"],
                    "version": row["version"],
                    "period": sentences.period_text(row["period_start"], row["period_end"]),
                }
                for row in earlier
                if (row["snapshot"] or {}).get("cells")
            ],
            "outdated": [
                {"cell": _describe(letter, key), "earlier": [str(v) for v in labels]}
                for key, labels in result.outdated.items()
            ],
        },
        problems=problems,
    )


def _json_key(key):
    return list(key) if isinstance(key, tuple) else key


ATOM_LABELS = {
    "visits": "Bezoeken",
    "persons": "Inwoners",
    "children": "Betrokken kinderen",
    "women": "Vrouwen",
    "men": "Mannen",
    "trajects": "Kortdurende trajecten",
    "sessions": "Gesprekken",
    "referrals": "Doorverwijzingen",
    "feedback": "Ingevulde vragenlijsten",
}


def _atom_label(letter, atom):
    if atom in ATOM_LABELS:
        return ATOM_LABELS[atom]
    if atom in letter.data.names:
        return letter.data.names[atom]
    prefix, _sep, value = atom.partition(":")
    choices = {"question": Question, "outcome": Outcome, "who": WhoCame, "track": Track}
    if prefix in choices:
        try:
            return str(choices[prefix](value).label)
        except ValueError:
            pass
    return atom


def _describe(letter, key):
    """How the preview and the refusal name a cell: its row, or its count and period."""
    if _is_period_key(key):
        first, last = _dates(key)
        name = letter.labels.get(key) or " + ".join(_atom_label(letter, a) for a in _atoms(key[1]))
        if (first, last) == (letter.start, letter.end):
            return name
        return f"{name}, {sentences.period_text(first, last)}"
    if key in letter.labels:
        return letter.labels[key]
    return ", ".join(map(str, key)) if isinstance(key, tuple) else str(key)


def _hidden_notes(letter, result, index):
    notes = []
    for key, label in result.published.items():
        if index in letter.owners.get(key, ()) and isinstance(label, str):
            reason = result.reasons.get(key, "")
            notes.append(f"{_describe(letter, key)}: {label} – {reason}")
    return notes


def _problems(letter, result):
    problems = []
    by_block = {}
    for key in result.exposed:
        for block in letter.owners.get(key) or {None}:
            by_block.setdefault(block, []).append(_describe(letter, key))
    for block, cells in sorted(by_block.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        if block is None:
            problems.append(
                _(
                    "A small count could still be worked out together with earlier letters "
                    "(%(cells)s); choose another period or correct the earlier letter."
                )
                % {"cells": ", ".join(sorted(cells))}
            )
            continue
        spec = letter.report.blocks[block]
        problems.append(
            _(
                "Figure block %(number)s (%(kind)s) cannot be published safely: a small count "
                "could still be worked out (%(cells)s). Remove the block or choose another period."
            )
            % {
                "number": block + 1,
                "kind": BlockKind(spec["kind"]).label,
                "cells": ", ".join(sorted(cells)),
            }
        )
    return problems


def letter_snapshot(*, report, threshold=None) -> Composition:
    """The letter's figures as they would be published now, and what forbids publishing.

    The small-count threshold is the recipient municipality's (default 5). The letter is a
    Dutch document whatever the language of the request or command that renders it.
    """
    if threshold is None:
        threshold = report.municipality.small_count_threshold or disclosure.DEFAULT_THRESHOLD
    with translation.override("nl"):
        return compose(report=report, threshold=threshold)


def block_problems(*, report) -> list[str]:
    """Messages for the figure blocks of a report that do not resolve: an unknown kind, heading
    or grouping, or an indicator of another municipality (after the recipient changed)."""
    from .models import Indicator

    ids = {}
    for number, block in enumerate(report.blocks, start=1):
        if block.get("kind") == BlockKind.INDICATOR:
            try:
                ids[number] = int(block.get("indicator"))
            except (TypeError, ValueError):
                ids[number] = None
    valid = (
        set(
            Indicator.objects.filter(
                pk__in=[pk for pk in ids.values() if pk], municipality=report.municipality
            ).values_list("pk", flat=True)
        )
        if ids
        else set()
    )
    problems = []
    for number, block in enumerate(report.blocks, start=1):
        if (
            not isinstance(block, dict)
            or block.get("kind") not in BlockKind.values
            or block.get("heading") not in HEADING_KEYS
            or block.get("grouping", QuestionGrouping.DASHBOARD) not in QuestionGrouping.values
        ):
            problems.append(
                _("Figure block %(number)s is of an unknown kind; remove it.") % {"number": number}
            )
        elif block["kind"] == BlockKind.INDICATOR and ids[number] not in valid:
            problems.append(
                _(
                    "Figure block %(number)s shows an indicator that is not one of "
                    "%(municipality)s; remove it and choose an indicator of %(municipality)s."
                )
                % {"number": number, "municipality": report.municipality}
            )
    return problems
