"""A linked publication: the cells, earlier figures and relations of a whole letter, declared
before it is protected; and the result of the protection."""

import re
from dataclasses import dataclass, field
from fractions import Fraction

from .labels import DEFAULT_THRESHOLD, HIDDEN, WITHHELD, Band, parse_band

# --- One publication, protected together -------------------------------------------------------


@dataclass
class _Cell:
    value: int
    shown: bool
    fixed: bool


def _check_key(key):
    try:
        hash(key)
    except TypeError as error:
        raise TypeError(f"A cell key must be hashable, not {key!r}.") from error


def _prior_label(label):
    """An earlier figure as it reads: a count, "< N", "x", "–" ("-" is read as "–") or a band
    "40 à 45"."""
    if isinstance(label, bool):
        raise ValueError(f"Not a published figure: {label!r}.")
    if isinstance(label, int):
        if label < 0:
            raise ValueError(f"A count cannot be negative: {label!r}.")
        return label
    if isinstance(label, Band):
        return label
    if isinstance(label, str):
        text = label.strip()
        band = parse_band(text)
        if band is not None:
            return band
        if re.fullmatch(r"\d+|\d{1,3}(\.\d{3})+", text):  # "53", "1.234" as printed
            return int(text.replace(".", ""))
        if text == HIDDEN:
            return HIDDEN
        if text in (WITHHELD, "-"):
            return WITHHELD
        if text.startswith("<"):
            number = text[1:].strip()
            if number.isdigit() and int(number) >= 2:
                return f"< {int(number)}"
    raise ValueError(f"Not a published figure: {label!r}.")


def _normal(lo, hi, gap, threshold):
    """A domain (lo, hi, gap): lo <= value <= hi, and with gap value is 0 or >= threshold;
    None when empty."""
    if gap:
        if lo >= 1:
            lo, gap = max(lo, threshold), False
        elif hi < threshold:
            hi, gap = 0, False
    return (lo, hi, gap) if lo <= hi else None


def meet(a, b, threshold):
    if a is None or b is None:
        return None
    return _normal(max(a[0], b[0]), min(a[1], b[1]), a[2] or b[2], threshold)


class LinkedPublication:
    """Everything one publication states, and what a reader knows besides, to protect together.

    A council letter states tables and sentence figures that share totals and identities, and a
    reader holds the municipality's earlier letters too. `protect_publication` protects all of
    it at once: no count 1..T-1 of this publication (stated, or latent: derivable but never
    stated) can be worked out exactly from everything ever published.

    The API (keys are any hashable, e.g. ("outcomes", "referred", "2023-01-01", "2023-12-31")):

        pub = LinkedPublication(threshold=5)
        pub.count(key, value, *, shown=True, fixed=False, label=None, band=None)
            A count this publication involves. shown=False: latent, never stated but derivable
            (Jul-Dec between a Jan-Jun and a Jan-Dec letter; track A = visits - track B); it is
            protected like a stated one. fixed=True: it stands elsewhere as a number already,
            so it is never hidden (a fixed count of 1..T-1 still reads "< T": nothing states a
            small count as a number). `label` names the cell in the reasons ("Geen vervolg").
            The same key twice with the same value is one cell; with another value, ValueError.
            band=Band(low, high): the count is published as that band ("40 à 45") instead of
            its number, never hidden further (a total coarsened so that a later letter does
            not give a small difference away).
        pub.prior(key, label, *, total=False)
            A cell of an earlier (frozen) letter exactly as it reads there: int (or its text,
            "1.234"), "< N", "x" or "–". total=True: it was a total there, so its "x" may hide
            a small count. The same key may be counted now as well (a figure restated).
        pub.relation({key: int coefficient, ...})
            A linear identity the reader knows: sum(coefficient * value) == 0.
        pub.table(name, rows=[key, ...], total=key)
            The rows add up to the total; names the table for the heuristic and the report.
        pub.difference(key, value, whole, part, *, label=None)
            Shorthand: a latent count `key` = whole - part (a period difference), with its
            value today.
        pub.share(part_key, whole_key, percent, places=0)
            A percentage the letter states, rounded half up to `places` decimals.
        pub.ratio(numerator_key, denominator_key, value, places=1)
            An average the letter states ("gemiddeld 4,2 gesprekken per traject"), likewise.

        result = protect_publication(pub)
        result.published   {key: int | "< T" | "x"} for every shown cell
        result.exposed     set of keys (shown or latent) of 1..T-1 that stay exact: empty means
                           safe to publish; otherwise refuse and name the block
        result.reasons     {key: Dutch text} why each hidden cell is hidden
        result.protects    {key: the key of the small count each hidden cell protects}
        result.tables      {table name: {"hidden": n, "cells": n}}
        result.outdated    {key: [labels]} earlier figures that today's figures contradict
                           (late entries); the audit does not rely on them
        result.milp_calls  the integer programmes solved
        linked_ranges(pub, result)  {key: (min, max)}: each hidden or latent cell's range
        pub.describe(key)  the cell's name as the reasons use it ("Geen vervolg (Uitkomsten)")

    Before building it, choose each table's grain (say as much as is safe):

        choose_grain(candidates, threshold, *, total_known=True) -> index of the candidate
            (the same table at several grains, finest first, lists of {"label", "count"}) whose
            protection hides the fewest cells; ties: the finer.
        coarsen_months(monthly, start, end) -> [months, quarters, half-years]
            monthly: [(first day of month, count)]; Dutch labels ("jan. 2024", "1e kwartaal
            2024", "okt.-dec. 2023" for a partial quarter, "1e halfjaar 2024"); each row also
            has "start", "end" (its days within the period) and "months".
        merge_small(rows, threshold, rest_label="Overig") -> [rows, merged(, merged further)]

    Worked example (issue 9): outcomes 30 / 8 / 2 of 40 visits; the 8 referred visits are the
    8 referrals of a second table (5 to the wijkteam, 3 to the POH). Per table, "Geen vervolg
    < 5" next to "Doorverwezen x" is safe, but the second table's total gives Doorverwezen
    away and with it Geen vervolg = 40 - 30 - 8 = 2. Together:

        pub = LinkedPublication(threshold=5)
        for key, n, label in [("helped", 30, "Op weg geholpen"), ("referred", 8, "Doorverwezen"),
                              ("none", 2, "Geen vervolg")]:
            pub.count(("outcome", key), n, label=label)
        pub.count(("outcome", "total"), 40, fixed=True)      # the visits, stated elsewhere
        pub.table("Uitkomsten", rows=[("outcome", k) for k in ("helped", "referred", "none")],
                  total=("outcome", "total"))
        pub.count(("to", "swt"), 5, label="Sociaal Wijkteam")
        pub.count(("to", "poh"), 3, label="POH Jeugd GGZ")
        pub.count(("to", "total"), 8)
        pub.table("Doorverwezen naar", rows=[("to", "swt"), ("to", "poh")], total=("to", "total"))
        pub.relation({("outcome", "referred"): 1, ("to", "total"): -1})
        result = protect_publication(pub)
        # Geen vervolg and the POH read "< 5"; "Op weg geholpen" reads "x" (reason:
        # "verborgen om Geen vervolg (Uitkomsten) te beschermen") and so does the wijkteam's 5;
        # result.exposed == set().

    With an earlier letter for Jan-Jun and this one for Jan-Dec, add each earlier figure with
    `prior` (its table totals with total=True), the earlier letter's own tables and identities
    as relations over its keys (the reader knows they add up), each Jul-Dec difference as a
    latent count, and the identity relation({jan_dec: 1, jan_jun: -1, jul_dec: -1}):

        for key, label in earlier_snapshot.items():          # {key: label} as published
            pub.prior(key, label, total=key in earlier_totals)
        pub.relation({**{(c, "h1"): 1 for c in categories}, ("visits", "h1"): -1})
        for c in categories:
            pub.count((c, "jul-dec"), now[c] - h1_today[c], shown=False, label=f"{c} jul.-dec.")
            pub.relation({(c, "year"): 1, (c, "h1"): -1, (c, "jul-dec"): -1})

    A block that is withheld (every cell "–") is counted with shown=False: the reader still
    knows its cells add up, and they are protected like any latent count.

    The latent value is today's (h1_today: Jan-Jun counted now); the earlier letter's figure may
    differ (late entries): see result.outdated and docs/disclosure.md. Keys are the caller's
    to choose; include the period in them, so that Jan-Jun of one letter and Jan-Dec of the next
    are different cells, and the same figure in two blocks of one letter is one cell.
    """

    def __init__(self, threshold=DEFAULT_THRESHOLD):
        if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
            raise ValueError(f"The threshold must be a whole number of at least 1: {threshold!r}.")
        self.threshold = threshold
        self.cells = {}
        self.priors = {}
        self.relations = []
        self.bounds = []
        self.tables = {}
        self.labels = {}
        self.bands = {}
        self._order = {}

    def _mention(self, key):
        _check_key(key)
        self._order.setdefault(key, len(self._order))

    def count(self, key, value, *, shown=True, fixed=False, label=None, band=None):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"A count must be a whole number >= 0: {key!r} = {value!r}.")
        if band is not None:
            if not isinstance(band, Band) or not band.low <= value <= band.high:
                raise ValueError(f"{key!r} = {value} is not in the band {band!r}.")
            self.bands[key] = band
        self._mention(key)
        old = self.cells.get(key)
        if old is not None:
            if old.value != value:
                raise ValueError(f"{key!r} is counted twice with different values.")
            old.shown = old.shown or shown
            old.fixed = old.fixed or fixed
        else:
            self.cells[key] = _Cell(value, bool(shown), bool(fixed))
        if label and key not in self.labels:
            self.labels[key] = str(label)

    def prior(self, key, label, *, total=False):
        self._mention(key)
        self.priors.setdefault(key, []).append((_prior_label(label), bool(total)))

    def relation(self, coefficients):
        terms = {}
        for key, coefficient in dict(coefficients).items():
            if isinstance(coefficient, bool) or not isinstance(coefficient, int):
                raise ValueError(f"A coefficient must be a whole number: {key!r}: {coefficient!r}.")
            self._mention(key)
            if coefficient:
                terms[key] = coefficient
        if terms:
            self.relations.append(terms)

    def difference(self, key, value, whole, part, *, label=None):
        """A latent count that is whole - part (Jul-Dec = Jan-Dec - Jan-Jun): its value today,
        and the identity."""
        self.count(key, value, shown=False, label=label)
        self.relation({whole: 1, part: -1, key: -1})

    def table(self, name, rows, total):
        rows = list(rows)
        if name in self.tables:
            raise ValueError(f"The table {name!r} is added twice.")
        if len(set(rows)) != len(rows) or total in rows:
            raise ValueError(f"The table {name!r} lists a cell twice.")
        self.tables[name] = (tuple(rows), total)
        self.relation({**dict.fromkeys(rows, 1), total: -1})

    def share(self, part_key, whole_key, percent, places=0):
        self._bounded(part_key, whole_key, percent, places, scale=100)

    def ratio(self, numerator_key, denominator_key, value, places=1):
        self._bounded(numerator_key, denominator_key, value, places, scale=1)

    def _bounded(self, part, whole, stated, places, *, scale):
        """scale * part / whole, rounded half up to `places`, reads `stated`: so
        stated - h <= scale * part / whole < stated + h with h = 0.5 * 10^-places."""
        if isinstance(places, bool) or not isinstance(places, int) or places < 0:
            raise ValueError(f"places must be a whole number >= 0: {places!r}.")
        try:
            stated = Fraction(str(stated))
        except (ValueError, ZeroDivisionError) as error:
            raise ValueError(f"Not a number: {stated!r}.") from error
        self._mention(part)
        self._mention(whole)
        half = Fraction(1, 2 * 10**places)
        self.bounds.append((part, whole, stated - half, stated + half, scale))

    def describe(self, key):
        """How a cell is named in the reasons: its label, with its table."""
        text = self.labels.get(key)
        if text is None:
            text = ", ".join(map(str, key)) if isinstance(key, tuple) else str(key)
        tables = [name for name, (rows, total) in self.tables.items() if key in (*rows, total)]
        return f"{text} ({tables[0]})" if tables else text


@dataclass
class PublicationResult:
    published: dict
    exposed: set
    reasons: dict
    tables: dict
    outdated: dict
    milp_calls: int = 0
    dropped: frozenset = field(default=frozenset(), repr=False)
    # {hidden key: the small count it protects}, for callers that name it their own way.
    protects: dict = field(default_factory=dict, repr=False)
