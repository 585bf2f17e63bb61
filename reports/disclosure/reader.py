"""The reader model: what a reader knows about a linked publication (labels, earlier figures,
relations), as domains and connected components of integer programmes."""

from fractions import Fraction

import numpy as np

from .labels import HIDDEN, WITHHELD, Band
from .publication import meet
from .reader_search import ReaderSearch


class Reader(ReaderSearch):
    """The integer programmes of what a reader knows about a linked publication."""

    def __init__(self, pub, labels, dropped=frozenset()):
        self.pub = pub
        self.threshold = threshold = pub.threshold
        self.keys = sorted(pub._order, key=pub._order.get)
        self.order = {key: k for k, key in enumerate(self.keys)}
        known = pub.cells.keys() | pub.priors.keys()
        for key in self.keys:
            if key not in known:
                raise ValueError(f"{key!r} is neither counted nor published earlier.")
        self.totals = {total for _rows, total in pub.tables.values()}
        self.table_of = {}
        for name, (rows, total) in pub.tables.items():
            for key in (*rows, total):
                self.table_of.setdefault(key, set()).add(name)
        self.prior_entries = [
            (key, label, total) for key, entries in pub.priors.items() for label, total in entries
        ]
        self.dropped = frozenset(dropped)
        self.priors_of = {}
        for k, (key, label, total) in enumerate(self.prior_entries):
            if k not in self.dropped:
                self.priors_of.setdefault(key, []).append((label, total))
        numbers = [cell.value for cell in pub.cells.values()]
        numbers += [label for _k, label, _t in self.prior_entries if isinstance(label, int)]
        self.upper = 2 * sum(numbers) + 2 * max(threshold, 1) * len(self.keys) + 10
        self.rows = [(terms, 0, 0) for terms in pub.relations]
        self.rows += self._bound_rows()
        self.key_rows = {key: [] for key in self.keys}
        for r, (terms, _lo, _hi) in enumerate(self.rows):
            for key in terms:
                self.key_rows[key].append(r)
        self.labels = dict(labels)
        self.calls = 0
        self.options = {"mip_rel_gap": 0}
        self.optimal = True
        self.domains = {key: self._domain(key) for key in self.keys}
        self.version = 0
        self._components = {}
        # Keys not known exactly (an empty domain counts as unknown: it is a contradiction).
        self.variable = {key for key, d in self.domains.items() if d is None or d[0] != d[1]}

    # -- what each label tells

    def _any_x(self, key):
        """An "x" on a table total may hide a small count (see protect_table)."""
        return self.threshold <= 2 or key in self.totals

    def _label_domain(self, label, *, any_x):
        if isinstance(label, int):
            return (label, label, False)
        if isinstance(label, Band):
            return (label.low, label.high, False)
        if label == WITHHELD:
            return (0, self.upper, False)
        if label == HIDDEN:
            return (0, self.upper, not any_x and self.threshold > 2)
        return (1, int(label[2:]) - 1, False)

    def _prior_domain(self, key):
        domain = (0, self.upper, False)
        for label, total in self.priors_of.get(key, ()):
            any_x = total or self.threshold <= 2
            domain = meet(domain, self._label_domain(label, any_x=any_x), self.threshold)
        return domain

    def _domain(self, key):
        domain = self._prior_domain(key)
        if key in self.labels:
            label = self._label_domain(self.labels[key], any_x=self._any_x(key))
            domain = meet(domain, label, self.threshold)
        return domain

    def hidden_domain(self, key):
        """The domain of a shown cell once it reads "x"."""
        label = self._label_domain(HIDDEN, any_x=self._any_x(key))
        return meet(self._prior_domain(key), label, self.threshold)

    def set_label(self, key, label):
        self.version += 1
        self.labels[key] = label
        domain = self.domains[key] = self._domain(key)
        if domain is not None and domain[0] == domain[1]:
            self.variable.discard(key)
        else:
            self.variable.add(key)

    def constant(self, key):
        return key not in self.variable

    def _bound_rows(self):
        """Shares and averages as integer inequalities (see LinkedPublication._bounded)."""
        rows = []
        cells = self.pub.cells
        for part, whole, low, high, scale in self.pub.bounds:
            upper_strict = 1
            if part in cells and whole in cells:
                p, w = cells[part].value, cells[whole].value
                if not (w and low <= Fraction(scale * p, w) <= high):
                    raise ValueError(
                        f"The stated figure of {part!r} / {whole!r} does not fit the counts."
                    )
                if Fraction(scale * p, w) == high:
                    upper_strict = 0  # rounded otherwise: keep the true figures possible
            # scale*den(low)*part - num(low)*whole >= 0
            rows.append(
                (
                    self._terms({part: scale * low.denominator, whole: -low.numerator}),
                    0,
                    np.inf,
                )
            )
            # num(high)*whole - scale*den(high)*part >= 1 (strict, in integers)
            rows.append(
                (
                    self._terms({whole: high.numerator, part: -scale * high.denominator}),
                    upper_strict,
                    np.inf,
                )
            )
        return rows

    @staticmethod
    def _terms(pairs):
        terms = {}
        for key, coefficient in pairs.items():
            terms[key] = terms.get(key, 0) + coefficient
        return {k: c for k, c in terms.items() if c}

    # -- structure

    def component(self, start, extra=frozenset(), tag="plain"):
        """(keys, rows) of the part of the system that `start` is in: keys that are not known
        exactly (or in `extra`, anything with `in`) and the relations between them. Cached
        until a label changes; a caller that passes `extra` names it with its own `tag`."""
        version, cache = self._components.get(tag, (None, None))
        if version != self.version:
            cache = {}
            self._components[tag] = (self.version, cache)
        if start in cache:
            return cache[start]
        keys, rows, queue = {start}, set(), [start]
        while queue:
            key = queue.pop()
            for r in self.key_rows[key]:
                if r in rows:
                    continue
                rows.add(r)
                for other in self.rows[r][0]:
                    if other not in keys and (other in self.variable or other in extra):
                        keys.add(other)
                        queue.append(other)
        found = sorted(keys, key=self.order.get), sorted(rows)
        if start in self.variable or start in extra:
            for key in keys:  # they share it
                cache[key] = found
        else:
            cache[start] = found
        return found

    def alone_range(self, key, rows):
        """(min, max) of a key that is the only unknown of its relations, or None if nothing
        fits. Each relation then bounds it to an interval, so the integers in their meet are
        its values (less 1..T-1 for a "0 or >= T")."""
        low, high, gap = self.domains[key]
        for r in rows:
            terms, lo, hi = self.rows[r]
            c = terms[key]
            shift = sum(
                coefficient * self.domains[k][0] for k, coefficient in terms.items() if k != key
            )
            lo, hi = lo - shift, hi - shift
            if c < 0:
                c, lo, hi = -c, -hi, -lo
            if lo != -np.inf:
                low = max(low, -((-lo) // c))
            if hi != np.inf:
                high = min(high, hi // c)
        low, high = int(low), int(high)
        if gap:
            if 0 < low < self.threshold:
                low = self.threshold
            if 0 < high < self.threshold:
                high = 0 if low == 0 else low - 1
        return (low, high) if low <= high else None

    def alone(self, key, rows):
        """The values (at most two) of a key that is the only unknown of its relations."""
        found = self.alone_range(key, rows)
        if found is None:
            return []
        low, high = found
        if low == high:
            return [low]
        following = low + 1
        if self.domains[key][2] and 0 < following < self.threshold:
            following = self.threshold
        return [low, following]
