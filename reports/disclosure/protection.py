"""The suppression strategy over a linked publication: primary and secondary suppression with
the reasons a letter's preview gives, and the audit of the result."""

import math

from .labels import HIDDEN, is_small, small_label
from .publication import PublicationResult, meet
from .reader import Reader


def _validate(pub):
    cells = pub.cells
    for terms in pub.relations:
        known = all(key in cells for key in terms)
        if known and sum(c * cells[key].value for key, c in terms.items()) != 0:
            described = ", ".join(f"{c:+d} × {key!r}" for key, c in terms.items())
            raise ValueError(f"A relation does not hold for the counts: {described}.")


class _Protector:
    """Primary and secondary suppression over a linked publication (see docs/disclosure.md)."""

    def __init__(self, pub):
        _validate(pub)
        self.pub = pub
        threshold = pub.threshold
        self.small = small_label(threshold)
        labels = {
            key: pub.bands.get(key)
            or (self.small if is_small(cell.value, threshold) else cell.value)
            for key, cell in pub.cells.items()
            if cell.shown
        }
        self.model = Reader(pub, labels)
        self.base = self._base()
        if self.base is None:
            dropped = self.model.min_drop()
            calls = self.model.calls
            if dropped is None:
                raise ValueError("The counts of this publication contradict each other.")
            self.model = Reader(pub, labels, dropped)
            self.model.calls = calls
            self.base = self._base()
            if self.base is None:
                raise ValueError("The counts of this publication contradict each other.")
        # Solutions as their differences from the base (which is the first of them).
        self.pool = [{}]
        self._seen = {}
        self.primary = [
            key
            for key in self.model.keys
            if key in pub.cells and is_small(pub.cells[key].value, threshold)
        ]
        self.primary_set = set(self.primary)
        # Shown cells that secondary suppression may hide (fixed and locked ones never), and
        # small table totals that may read "x" (see protect_table).
        self.candidates = {}
        for key, cell in pub.cells.items():
            if not cell.shown:
                continue
            if is_small(cell.value, threshold):
                if threshold > 2 and self.model._any_x(key):
                    self.candidates[key] = None
            elif not cell.fixed and key not in pub.bands and not self._locked(key):
                self.candidates[key] = cell.value
        self.steps = []
        self.unprotectable = set()
        self.recheck = set()  # small counts whose hides may not all be needed

    # -- a feasible reading of everything published, preferably today's true figures

    def _fits(self, values, keys, rows):
        model = self.model
        for key in keys:
            low, high, gap = model.domains[key]
            v = values[key]
            if not low <= v <= high or (gap and 0 < v < model.threshold):
                return False
        for r in rows:
            terms, low, high = model.rows[r]
            total = sum(
                c * (values[k] if k in values else model.domains[k][0]) for k, c in terms.items()
            )
            if not low <= total <= high:
                return False
        return True

    def _propagate(self, values, keys, rows):
        """`values` completed through equalities with one unknown each; None if it stalls."""
        model = self.model
        missing = [k for k in keys if k not in values]
        while missing:
            progress = False
            for r in rows:
                terms, low, high = model.rows[r]
                if low != high:
                    continue
                unknown = [k for k in terms if k not in values and not model.constant(k)]
                if len(unknown) != 1:
                    continue
                (key,) = unknown
                rest = sum(
                    c * (values[k] if k in values else model.domains[k][0])
                    for k, c in terms.items()
                    if k != key
                )
                quotient, remainder = divmod(low - rest, terms[key])
                if remainder:
                    return None
                values[key] = quotient
                progress = True
            missing = [k for k in keys if k not in values]
            if not progress:
                return None
        return values

    def _base(self):
        model = self.model
        if any(domain is None for domain in model.domains.values()):
            return None
        for terms, low, high in model.rows:
            if all(model.constant(k) for k in terms):
                total = sum(c * model.domains[k][0] for k, c in terms.items())
                if not low <= total <= high:
                    return None
        truth = {key: cell.value for key, cell in self.pub.cells.items()}
        base, done = {}, set()
        for key in model.keys:
            if model.constant(key):
                base[key] = model.domains[key][0]
        for key in model.keys:
            if key in done or model.constant(key):
                continue
            keys, rows = model.component(key)
            done.update(keys)
            candidate = self._propagate({k: truth[k] for k in keys if k in truth}, keys, rows)
            if candidate is not None and self._fits(candidate, keys, rows):
                base.update(candidate)
                continue
            domains = dict(model.domains)
            for k in keys:
                if k in truth:
                    domain = meet(domains[k], (truth[k], truth[k], False), model.threshold)
                    domains[k] = domain or domains[k]
            found = model.solve(keys, rows, domains=domains) or model.solve(keys, rows)
            if found is None:
                return None
            base.update(found[0])
        return base

    # -- the audit

    def _values(self, key):
        """The values the pool's solutions give `key` (kept up to date as solutions come)."""
        values = self._seen.get(key)
        if values is None:
            default = self.base[key]
            values = self._seen[key] = {w.get(key, default) for w in self.pool}
        return values

    def _audit(self, key):
        """(True, None) when a reader cannot tell `key`; else (False, the value he finds)."""
        seen = self._values(key)
        if len(seen) > 1:
            return True, None
        (value,) = seen
        model = self.model
        if model.constant(key):
            return False, value
        keys, rows = model.component(key)
        if len(keys) == 1:
            values = model.alone(key, rows)
            other = [v for v in values if v != value]
            if not other:
                return False, value
            self._witness({key: other[0]})
            return True, None
        # Push the other undecided small counts away from their one known value, so that one
        # solution may settle several of them.
        objective = {}
        for other in keys:
            if other != key and other in self.primary_set:
                values = self._values(other)
                if len(values) == 1:
                    objective[other] = 1 if min(values) > model.domains[other][0] else -1
        found = model.solve(keys, rows, target=(key, value), objective=objective)
        if found is None:
            return False, value
        self._witness(found[0])
        return True, None

    def _witness(self, solution):
        base = self.base
        witness = {key: v for key, v in solution.items() if base[key] != v}
        self.pool.append(witness)
        for key, values in self._seen.items():
            values.add(witness.get(key, base[key]))

    # -- secondary suppression

    def _locked(self, key):
        """A shown number that an earlier letter states as the same number: hiding it is
        pointless."""
        value = self.pub.cells[key].value
        return any(label == value for label, _t in self.model.priors_of.get(key, ()))

    def _flexible(self):
        """The shown cells that may still be hidden: {key: its number}, or {key: None} for a
        small table total that may still read "x" instead of "< T"."""
        labels = self.model.labels
        return {key: value for key, value in self.candidates.items() if labels[key] != HIDDEN}

    def _protect(self, targets, *, apply=True):
        """Hide the fewest (cheapest) cells so that each (key, value) of `targets`, all in one
        component, can differ from its value: one programme with a copy of the component per
        target. False (and nothing hidden) when no choice of cells protects them all; with
        apply=False only whether one does."""
        model = self.model
        flex = self._flexible()
        keys, rows = model.component(targets[0][0], extra=flex, tag="flex")
        inside = set(keys)
        flex = {k: v for k, v in flex.items() if k in inside}
        tables = set().union(*(model.table_of.get(key, set()) for key, _v in targets))
        largest = max([v for v in flex.values() if v is not None], default=0) + 1
        objective = {}
        for k, v in flex.items():
            if v is None:
                weight = 20.0  # a small total reads "x" only as a last resort
            else:
                weight = 1.0 + 0.1 * v / largest
                if k in model.totals:
                    weight += 0.5
                if not model.table_of.get(k, set()) & tables:
                    weight += 0.3
                if v == 0:
                    weight += 0.2
            objective[("hide", k)] = weight + 1e-4 * model.order[k] / len(model.keys)
        # First with every "0 or >= T" kept on its side (small and fast); if that finds no
        # protection, the exact programme.
        found = model.solve_all(
            keys, rows, flex=flex, targets=targets, objective=objective, sides=self.base
        )
        if found is not None:
            # Optimal among the restricted choices only: some hides may not be needed.
            self.recheck.update(key for key, _v in targets)
        else:
            found = model.solve_all(keys, rows, flex=flex, targets=targets, objective=objective)
        if found is None:
            return False
        if not apply:
            return True
        solutions, hidden = found
        for k in hidden:
            # Named after the first target whose alternative moves this cell.
            value = flex[k]
            moved = [
                key
                for (key, _v), solution in zip(targets, solutions, strict=True)
                if value is None or solution[k] != value
            ]
            model.set_label(k, HIDDEN)
            kind = "relabel" if value is None else "hide"
            self.steps.append((k, kind, moved[0] if moved else targets[0][0]))
        for solution in solutions:
            self._witness(solution)
        return True

    def _undo(self):
        """Show again, last first, every hidden cell that turns out not to be needed."""
        model, threshold = self.model, self.pub.threshold
        for step in reversed(list(self.steps)):
            key, kind, target = step
            if target not in self.recheck:
                continue
            if kind == "hide":
                label = self.pub.cells[key].value

                def fits(v, label=label):
                    return v == label
            else:
                label = self.small

                def fits(v):
                    return 0 < v < threshold

            model.set_label(key, label)
            before = self.pool
            self.pool = [w for w in before if fits(w.get(key, self.base[key]))]
            self._seen = {}
            kept = len(self.pool)
            keys, _rows = model.component(key)
            affected = [k for k in keys if k in self.primary_set and k not in self.unprotectable]
            if all(self._audit(k)[0] for k in affected):
                self.steps.remove(step)
            else:
                model.set_label(key, HIDDEN)
                self.pool = before + self.pool[kept:]
                self._seen = {}

    # At most this many small counts are protected by one programme (it grows with each).
    GROUP = 6

    def _undecided(self, key):
        """Whether the pool (or, for a count alone in its relations, a direct look) leaves
        `key` with one value only."""
        if len(self._values(key)) > 1:
            return False
        model = self.model
        if model.constant(key):
            return True
        keys, rows = model.component(key)
        return len(keys) > 1 or not self._audit(key)[0]

    def run(self):
        # Protect the small counts component by component: one programme protects all the
        # undecided counts of a component at once and hides the cheapest cells that do; being
        # optimal, none of those cells can be shown again. (A count that is safe anyway costs
        # nothing in it.)
        groups, flex = {}, self._flexible()
        for key in self.primary:
            if self.model.constant(key) and key not in flex:
                # Fixed by an earlier figure or by numbers that stay: nothing helps.
                if len(self._values(key)) == 1:
                    self.unprotectable.add(key)
                continue
            if self._undecided(key):
                keys, _rows = self.model.component(key, extra=flex, tag="flex")
                groups.setdefault(keys[0], []).append(key)
        for group in groups.values():
            targets = [(key, min(self._values(key))) for key in group]
            if len(targets) > self.GROUP:
                self.recheck.update(group)
            for start in range(0, len(targets), self.GROUP):
                chunk = [(k, v) for k, v in targets[start : start + self.GROUP] if k in group]
                chunk = [(k, v) for k, v in chunk if len(self._values(k)) == 1]
                if not chunk or self._protect(chunk):
                    continue
                # Not all of them can be protected: find which cannot, protect the others.
                for key, value in chunk:
                    if not self._protect([(key, value)], apply=False):
                        self.unprotectable.add(key)
                chunk = [(k, v) for k, v in chunk if k not in self.unprotectable]
                if chunk and not self._protect(chunk):
                    raise RuntimeError("The protection of the publication failed.")
        if self.recheck:
            self._undo()
        return self._result()

    def _result(self):
        pub, model = self.pub, self.model
        published = {key: model.labels[key] for key in model.keys if key in model.labels}
        reasons = {}
        for key in self.primary:
            if key in published:
                reasons[key] = f"kleiner dan {pub.threshold}"
        protects = {}
        for key, kind, target in self.steps:
            if key in reasons and kind != "relabel":
                continue
            protects[key] = target
            if kind == "relabel":
                reasons[key] = (
                    f"kleiner dan {pub.threshold}; als x gepubliceerd om "
                    f"{pub.describe(target)} te beschermen"
                )
            else:
                reasons[key] = f"verborgen om {pub.describe(target)} te beschermen"
        tables = {}
        for name, (rows, total) in pub.tables.items():
            cells = [key for key in (*rows, total) if key in published]
            tables[name] = {
                "hidden": sum(1 for key in cells if isinstance(published[key], str)),
                "cells": len(cells),
            }
        outdated = {}
        for k in sorted(model.dropped):
            key, label, _total = model.prior_entries[k]
            outdated.setdefault(key, []).append(label)
        return PublicationResult(
            published=published,
            exposed=set(self.unprotectable),
            reasons=reasons,
            tables=tables,
            outdated=outdated,
            milp_calls=model.calls,
            dropped=model.dropped,
            protects=protects,
        )


def protect_publication(pub):
    """Protect a LinkedPublication as one whole: see its docstring and docs/disclosure.md."""
    return _Protector(pub).run()


def pinned_anyway(pub, keys, dropped=frozenset(), *, first=False):
    """The keys of `keys` that a reader still pins down when every shown cell that protection
    may hide reads "x" (and a small one "< T", a banded one its band): no protection of `pub`
    can save them. A quick test before a whole protection (is a band this wide enough?); when
    in doubt a key counts as not pinned, so that the whole protection decides. first=True:
    stop at the first key found pinned (whether any is)."""
    threshold = pub.threshold
    totals = {total for _rows, total in pub.tables.values()}
    labels = {}
    for key, cell in pub.cells.items():
        if not cell.shown:
            continue
        if key in pub.bands:
            labels[key] = pub.bands[key]
        elif is_small(cell.value, threshold):
            labels[key] = HIDDEN if key in totals else small_label(threshold)
        elif cell.fixed:
            labels[key] = cell.value
        else:
            labels[key] = HIDDEN
    try:
        model = Reader(pub, labels, dropped)
    except ValueError:
        return set()
    pinned = set()
    # Keys the labels alone fix first: no programme needed for them.
    for key in sorted(keys, key=lambda k: (not model.constant(k), model.order.get(k, 0))):
        domain = model.domains.get(key)
        if domain is None:
            continue
        if domain[0] == domain[1]:
            pinned.add(key)
            if first:
                break
            continue
        component, rows = model.component(key)
        if len(component) == 1:
            found = model.alone_range(key, rows)
            if found is not None and found[0] == found[1]:
                pinned.add(key)
                if first:
                    break
            continue
        value = pub.cells[key].value if key in pub.cells else None
        if value is None or model.solve(component, rows, target=(key, value)) is not None:
            continue
        if model.solve(component, rows) is not None:  # not a contradiction: one value only
            pinned.add(key)
            if first:
                break
    return pinned


def linked_ranges(pub, result):
    """{key: (min, max)} of every hidden or latent cell over all readings of the publication.

    The audit of `result` as a reader sees it: today's labels, the earlier figures (less those
    in result.outdated), the relations. A maximum the reader cannot bound reads math.inf.
    """
    model = Reader(pub, result.published, result.dropped)
    ranges = {}
    for key in model.keys:
        cell = pub.cells.get(key)
        if cell is None or (cell.shown and not isinstance(result.published[key], str)):
            continue
        domain = model.domains[key]
        if domain is None:
            raise ValueError(f"No reading of the publication fits {key!r}.")
        if domain[0] == domain[1]:
            ranges[key] = (domain[0], domain[0])
            continue
        keys, rows = model.component(key)
        if len(keys) == 1:
            found = model.alone_range(key, rows)
            if found is None:
                raise ValueError(f"No reading of the publication fits {key!r}.")
            bottom, top = found
        else:
            low = model.solve(keys, rows, objective={key: 1})
            high = model.solve(keys, rows, objective={key: -1})
            if low is None or high is None:
                raise ValueError(f"No reading of the publication fits {key!r}.")
            bottom, top = low[0][key], high[0][key]
        ranges[key] = (bottom, math.inf if top >= model.upper else top)
    return ranges
