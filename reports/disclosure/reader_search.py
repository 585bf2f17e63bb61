"""The reader model's integer programmes: a reading that fits every label, one that moves a
cell, and the fewest percentages to leave out."""

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint
from scipy.sparse import csr_array

from .publication import meet
from .solver import solve_milp, tighten


class ReaderSearch:
    """The integer programmes of the reader model (mixed into `reader.Reader`)."""

    # -- the integer programme

    def solve(self, keys, rows, *, domains=None, flex=None, target=None, objective=None):
        """(solution {key: value}, [flexible keys it hides]), or None when none exists.

        flex: {key: value} of shown numbers that may read "x", or {key: None} for "< T" totals
        that may read "x"; each costs objective[("hide", key)]. target: (key, v): the key must
        differ from v.
        """
        found = self.solve_all(
            keys,
            rows,
            domains=domains,
            flex=flex,
            targets=[target] if target else [],
            objective=objective,
        )
        return None if found is None else (found[0][0], found[1])

    def solve_all(
        self, keys, rows, *, domains=None, flex=None, targets=(), objective=None, sides=None
    ):
        """Like solve, with one copy of the keys per target (each must differ in its copy) and
        the hidden cells shared: ([solution per target], [flexible keys hidden]) or None.

        sides: {key: value} of one known solution. Given, every "0 or >= T" stays on the side of
        that value (a hidden number >= T stays >= T): no binaries, a much smaller programme
        whose solutions are still solutions, but which may miss some (None is then no proof).
        """
        domains = self.domains if domains is None else domains
        flex = flex or {}
        objective = objective or {}
        threshold = self.threshold
        index = {key: k for k, key in enumerate(keys)}
        n = len(keys)
        lower, upper, cost, gap = [0] * n, [0] * n, [0.0] * n, [False] * n
        for k, key in enumerate(keys):
            domain = self.hidden_domain(key) if key in flex else domains[key]
            lower[k], upper[k], gap[k] = domain
            cost[k] = objective.get(key, 0)
            if gap[k] and sides is not None:
                side = flex[key] if key in flex else sides[key]
                if side is not None and side >= threshold:
                    lower[k], gap[k] = max(lower[k], threshold), False
                elif side == 0 and key not in flex:
                    upper[k], gap[k] = 0, False
        for key, value in targets:
            k = index[key]
            if lower[k] == upper[k] == value and key not in flex:
                return None
        # The relations over the component's keys, the known keys moved to the bounds.
        lines = []
        for r in rows:
            terms, low, high = self.rows[r]
            entries, shift = {}, 0
            for key, coefficient in terms.items():
                if key in index:
                    entries[index[key]] = coefficient
                else:
                    shift += coefficient * domains[key][0]
            lines.append([entries, low - shift, high - shift])
        # Presolve: a key with no other role than one relation, with coefficient +-1, only
        # loosens that relation's bounds by its own; it is solved for afterwards.
        keep = set(range(n))
        locked = {index[key] for key in flex} | {index[key] for key, _v in targets}
        uses = {}
        for line in lines:
            for k in line[0]:
                uses.setdefault(k, []).append(line)
        eliminated, changed = [], True
        while changed:
            changed = False
            for k in sorted(keep):
                if k in locked or gap[k] or cost[k] or len(uses.get(k, ())) != 1:
                    continue
                line = uses[k][0]
                c = line[0][k]
                if abs(c) != 1:
                    continue
                del line[0][k]
                low_k, high_k = (lower[k], upper[k]) if c > 0 else (-upper[k], -lower[k])
                eliminated.append((k, dict(line[0]), c, line[1], line[2]))
                line[1], line[2] = line[1] - high_k, line[2] - low_k
                keep.discard(k)
                uses[k] = []
                changed = True
        lines = [line for line in lines if line[0] or not (line[1] <= 0 <= line[2])]
        if any(not line[0] for line in lines):
            return None
        variables = sorted(keep)
        column_of = {k: j for j, k in enumerate(variables)}
        m = len(variables)
        matrix = np.zeros((len(lines), m))
        for i, (entries, _low, _high) in enumerate(lines):
            for k, c in entries.items():
                matrix[i, column_of[k]] = c
        row_low = np.array([line[1] for line in lines], dtype=float)
        row_high = np.array([line[2] for line in lines], dtype=float)
        tightened = tighten(
            matrix,
            row_low,
            row_high,
            np.array([lower[k] for k in variables], dtype=float),
            np.array([upper[k] for k in variables], dtype=float),
        )
        if tightened is None:
            return None
        for j, k in enumerate(variables):
            lower[k], upper[k] = int(tightened[0][j]), int(tightened[1][j])
            if gap[k] and upper[k] < threshold:
                upper[k] = 0  # 0, or at least T, and at most upper: 0
            elif gap[k] and lower[k] > 0:
                lower[k] = max(lower[k], threshold)
            if lower[k] > upper[k]:
                return None
        gaps = [k for k in variables if gap[k] and upper[k] >= threshold and lower[k] == 0]
        hides = list(flex)
        copies = max(len(targets), 1)
        # Columns: per copy the variables and their gap binaries; then the shared hides; then
        # per target the binary that says above or below. Rows: per copy the relations, the
        # gap rows and the hide rows; then per target its row. Built once for one copy (as
        # coordinates) and repeated.
        width = m + len(gaps)
        shared = copies * width
        hide_column = {key: shared + h for h, key in enumerate(hides)}
        rows_, cols_, vals_, lo_, hi_ = [], [], [], [], []

        def add(entries, low, high):
            r = len(lo_)
            for column, coefficient in entries:
                rows_.append(r)
                cols_.append(column)
                vals_.append(coefficient)
            lo_.append(low)
            hi_.append(high)

        for entries, low, high in lines:
            add([(column_of[k], c) for k, c in entries.items()], low, high)
        for g, k in enumerate(gaps):
            # value = 0, or threshold <= value <= upper: a binary b
            j, b = column_of[k], m + g
            add([(j, 1), (b, -threshold)], 0, np.inf)
            add([(j, 1), (b, -upper[k])], -np.inf, 0)
        for key in hides:
            k, value = index[key], flex[key]
            j, d = column_of[k], hide_column[key]
            if value is None:  # "< T" unless it reads "x"
                add([(j, 1), (d, 1)], 1, np.inf)
                add([(j, 1), (d, -max(upper[k], 1))], -np.inf, threshold - 1)
            else:  # the number unless it reads "x"
                big = max(upper[k] - value, value - lower[k], 1)
                add([(j, 1), (d, -big)], -np.inf, value)
                add([(j, 1), (d, big)], value, np.inf)
        per_copy = len(lo_)
        block_rows = np.array(rows_, dtype=np.int64)
        block_cols = np.array(cols_, dtype=np.int64)
        block_vals = np.array(vals_, dtype=float)
        own = block_cols < width  # a copy's own column, not a shared hide
        all_rows = [block_rows + copy * per_copy for copy in range(copies)]
        all_cols = [np.where(own, block_cols + copy * width, block_cols) for copy in range(copies)]
        all_vals = [block_vals] * copies
        lo = np.tile(np.array(lo_, dtype=float), copies)
        hi = np.tile(np.array(hi_, dtype=float), copies)
        bounds_low = np.concatenate(
            [
                np.tile(np.array([lower[k] for k in variables] + [0] * len(gaps)), copies),
                np.zeros(len(hides) + len(targets)),
            ]
        )
        bounds_high = np.concatenate(
            [
                np.tile(np.array([upper[k] for k in variables] + [1] * len(gaps)), copies),
                np.ones(len(hides) + len(targets)),
            ]
        )
        costs = np.zeros(shared + len(hides) + len(targets))
        costs[:m] = [cost[k] for k in variables]
        for key in hides:
            costs[hide_column[key]] = objective.get(("hide", key), 1)
        extra_rows, extra_cols, extra_vals, extra_lo, extra_hi = [], [], [], [], []
        for t, (key, value) in enumerate(targets):
            k = index[key]
            j, side = t * width + column_of[k], shared + len(hides) + t
            big = max(value + 1 - lower[k], upper[k] - value + 1, 1)
            # side = 0: below value; side = 1: above it.
            extra_rows += [copies * per_copy + t] * 2
            extra_cols += [j, side]
            extra_vals += [1, -big]
            extra_lo.append(value + 1 - big)
            extra_hi.append(value - 1)
        columns = len(costs)
        if columns:
            n_rows = copies * per_copy + len(targets)
            matrix = csr_array(
                (
                    np.concatenate([*all_vals, np.array(extra_vals, dtype=float)]),
                    (
                        np.concatenate([*all_rows, np.array(extra_rows, dtype=np.int64)]),
                        np.concatenate([*all_cols, np.array(extra_cols, dtype=np.int64)]),
                    ),
                ),
                shape=(n_rows, columns),
            )
            self.calls += 1
            result = solve_milp(
                costs,
                integrality=np.ones(columns),
                bounds=Bounds(bounds_low, bounds_high),
                constraints=[
                    LinearConstraint(
                        matrix,
                        np.concatenate([lo, extra_lo]),
                        np.concatenate([hi, extra_hi]),
                    )
                ]
                if n_rows
                else [],
                options=self.options if hides else {"mip_rel_gap": 0},
            )
            if result.status == 2:
                return None
            if result.x is None:
                raise RuntimeError(f"The audit of the publication failed: {result.message}")
            self.optimal = result.status == 0
            values = np.rint(result.x).astype(int).tolist()
        else:
            values = []
        solutions = []
        for copy in range(copies):
            offset = copy * width
            solution = {keys[k]: values[offset + column_of[k]] for k in variables}
            # The keys presolved away, last first: the least value that fits their relation.
            for k, entries, c, low, high in reversed(eliminated):
                rest = sum(coefficient * solution[keys[i]] for i, coefficient in entries.items())
                if c > 0:
                    v = max(lower[k], math.ceil(low - rest)) if low != -np.inf else lower[k]
                else:
                    v = max(lower[k], math.ceil(rest - high)) if high != np.inf else lower[k]
                solution[keys[k]] = int(v)
            solutions.append(solution)
        hidden = [key for key in hides if values[hide_column[key]]]
        return solutions, hidden

    def min_drop(self):
        """The earlier figures to set aside so that the rest fits today's publication: the
        fewest (on a tie those added first, normally the oldest letters'), as a set of indices
        into prior_entries; None when even without them nothing fits."""
        keys, threshold, big = self.keys, self.threshold, self.upper + 2
        index = {key: k for k, key in enumerate(keys)}
        n, m = len(keys), len(self.prior_entries)
        lower, upper, cost = [], [], []
        for key in keys:
            domain = (0, self.upper, False)
            if key in self.labels:
                label = self._label_domain(self.labels[key], any_x=self._any_x(key))
                domain = meet(domain, label, threshold)
            lower.append(domain[0])
            upper.append(domain[1])
            cost.append(0)
        gaps = [
            (index[key], self.upper)
            for key in keys
            if key in self.labels
            and meet(
                (0, self.upper, False),
                self._label_domain(self.labels[key], any_x=self._any_x(key)),
                threshold,
            )[2]
        ]
        priors = []
        for k, (key, label, total) in enumerate(self.prior_entries):
            domain = self._label_domain(label, any_x=total or threshold <= 2)
            priors.append((k, index[key], domain))
        columns = n + m + len(gaps) + sum(1 for *_k, d in priors if d[2])
        matrix, lo, hi = [], [], []

        def row(entries, low, high):
            line = np.zeros(columns)
            for column, coefficient in entries:
                line[column] += coefficient
            matrix.append(line)
            lo.append(low)
            hi.append(high)

        for terms, low, high in self.rows:
            row([(index[key], c) for key, c in terms.items()], low, high)
        for k, _column, _domain in priors:
            lower.append(0)
            upper.append(1)
            cost.append(1 + 1e-3 * k / max(m, 1))  # on a tie, the oldest figure goes
        column = n + m
        for k, top in gaps:
            row([(k, 1), (column, -threshold)], 0, np.inf)
            row([(k, 1), (column, -top)], -np.inf, 0)
            lower.append(0)
            upper.append(1)
            cost.append(0)
            column += 1
        for k, y, (low, high, gap) in priors:
            z = n + k  # 1: the earlier figure is set aside
            row([(y, 1), (z, big)], low, np.inf)
            row([(y, 1), (z, -big)], -np.inf, high)
            if gap:
                row([(y, 1), (column, -threshold), (z, big)], 0, np.inf)
                row([(y, 1), (column, -self.upper), (z, -big)], -np.inf, 0)
                lower.append(0)
                upper.append(1)
                cost.append(0)
                column += 1
        self.calls += 1
        result = solve_milp(
            np.array(cost, dtype=float),
            integrality=np.ones(columns),
            bounds=Bounds(lower, upper),
            constraints=[LinearConstraint(np.array(matrix), lo, hi)] if matrix else [],
        )
        if result.x is None:
            return None
        values = np.rint(result.x).astype(int).tolist()
        return frozenset(k for k in range(m) if values[n + k])
