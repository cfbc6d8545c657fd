"""The search state: blocks at tables, per-table counts.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Sequence

from passeurs.matching.tables.model import _Model


class _State:
    """Where each block sits and the per-table counts that make a move cost O(block size)."""

    def __init__(self, model: _Model):
        self.model = model
        T = model.T
        self.pos = [-1] * len(model.blocks)
        self.m = [0] * T
        self.Q = [0] * T
        self.L = [0] * T
        self.P = [0] * T
        self.X = [0] * (T * model.C)
        self.Y = [0] * (T * model.R)
        self.orgs = [0] * (T * model.O)  # organisation o at table t: orgs[o * T + t]
        self.cost = [model.table_cost(t, 0, 0, 0, 0) for t in range(T)]
        self.members: list[list[int]] = [[] for _ in range(T)]  # movable blocks per table
        self.slot = [0] * len(model.blocks)
        self.movable = [b for b in range(len(model.blocks)) if model.block_lock[b] < 0]
        self.is_movable = [lock < 0 for lock in model.block_lock]

    def total(self) -> float:
        return sum(self.cost)

    def add(self, b: int, t: int) -> None:
        md = self.model
        C, R, T = md.C, md.R, md.T
        X, Y, N = self.X, self.Y, md.N
        q, lin, p = self.Q[t], self.L[t], self.P[t]
        for c, k in md.bcats[b]:
            x = X[t * C + c]
            q += 2 * k * x + k * k
            lin += N[c] * k
            X[t * C + c] = x + k
        for r, k in md.bterrs[b]:
            y = Y[t * R + r]
            p += k * y + k * (k - 1) // 2
            Y[t * R + r] = y + k
        for o in md.borgs[b]:
            self.orgs[o * T + t] += 1
        self.m[t] += md.bsize[b]
        self.Q[t], self.L[t], self.P[t] = q, lin, p
        self.cost[t] = md.table_cost(t, self.m[t], q, lin, p)
        self.pos[b] = t
        if self.is_movable[b]:
            self.slot[b] = len(self.members[t])
            self.members[t].append(b)

    def remove(self, b: int) -> None:
        md = self.model
        t = self.pos[b]
        C, R, T = md.C, md.R, md.T
        X, Y, N = self.X, self.Y, md.N
        q, lin, p = self.Q[t], self.L[t], self.P[t]
        for c, k in md.bcats[b]:
            x = X[t * C + c]
            q += k * k - 2 * k * x
            lin -= N[c] * k
            X[t * C + c] = x - k
        for r, k in md.bterrs[b]:
            y = Y[t * R + r]
            p -= k * y - k * (k + 1) // 2
            Y[t * R + r] = y - k
        for o in md.borgs[b]:
            self.orgs[o * T + t] -= 1
        self.m[t] -= md.bsize[b]
        self.Q[t], self.L[t], self.P[t] = q, lin, p
        self.cost[t] = md.table_cost(t, self.m[t], q, lin, p)
        self.pos[b] = -1
        if self.is_movable[b]:
            table = self.members[t]
            last = table.pop()
            if last != b:
                table[self.slot[b]] = last
                self.slot[last] = self.slot[b]

    def delta(self, t: int, out: int, inn: int) -> float:
        """The change of cost_t when block `out` leaves table t and `inn` joins it (-1: none)."""
        md = self.model
        C, R, N = md.C, md.R, md.N
        X, Y = self.X, self.Y
        m, q, lin, p = self.m[t], self.Q[t], self.L[t], self.P[t]
        base_c, base_r = t * C, t * R
        if out >= 0:
            for c, k in md.bcats[out]:
                q += k * k - 2 * k * X[base_c + c]
                lin -= N[c] * k
            for r, k in md.bterrs[out]:
                p -= k * Y[base_r + r] - k * (k + 1) // 2
            m -= md.bsize[out]
            if inn >= 0:
                cat_out, terr_out = md.bcatd[out], md.bterrd[out]
                for c, k in md.bcats[inn]:
                    q += k * k + 2 * k * (X[base_c + c] - cat_out.get(c, 0))
                    lin += N[c] * k
                for r, k in md.bterrs[inn]:
                    p += k * (Y[base_r + r] - terr_out.get(r, 0)) + k * (k - 1) // 2
                m += md.bsize[inn]
        elif inn >= 0:
            for c, k in md.bcats[inn]:
                q += k * k + 2 * k * X[base_c + c]
                lin += N[c] * k
            for r, k in md.bterrs[inn]:
                p += k * Y[base_r + r] + k * (k - 1) // 2
            m += md.bsize[inn]
        return md.table_cost(t, m, q, lin, p) - self.cost[t]

    def delta_many(self, t: int, outs: Sequence[int], ins: Sequence[int]) -> float:
        """The change of cost_t when blocks `outs` leave table t and blocks `ins` join it."""
        md = self.model
        C, R = md.C, md.R
        cats: dict[int, int] = {}
        terrs: dict[int, int] = {}
        m = self.m[t]
        for blocks, sign in ((outs, -1), (ins, 1)):
            for b in blocks:
                for c, k in md.bcats[b]:
                    cats[c] = cats.get(c, 0) + sign * k
                for r, k in md.bterrs[b]:
                    terrs[r] = terrs.get(r, 0) + sign * k
                m += sign * md.bsize[b]
        q, lin, p = self.Q[t], self.L[t], self.P[t]
        for c, d in cats.items():
            q += 2 * d * self.X[t * C + c] + d * d
            lin += md.N[c] * d
        for r, d in terrs.items():
            y = self.Y[t * R + r]
            p += ((y + d) * (y + d - 1) - y * (y - 1)) // 2
        return md.table_cost(t, m, q, lin, p) - self.cost[t]

    def can_exchange(self, b: int, singles: Sequence[int]) -> bool:
        """Block b and single people without apart requests, all at one other table, may trade
        places (the singles, seated together already, have distinct organisations)."""
        md = self.model
        a, t = self.pos[b], self.pos[singles[0]]
        k = len(singles)
        if self.m[t] - k + md.bsize[b] > md.caps[t] or self.m[a] - md.bsize[b] + k > md.caps[a]:
            return False
        T, orgs, pos = md.T, self.orgs, self.pos
        leaving = {md.lone_org[q] for q in singles}
        for o in md.borgs[b]:
            if orgs[o * T + t] and o not in leaving:
                return False
        borgs = md.borgset[b]
        for q in singles:
            o = md.lone_org[q]
            if o >= 0 and orgs[o * T + a] and o not in borgs:
                return False
        return all(pos[z] != t or z in singles for z in md.partners[b])

    def can_move(self, b: int, t: int) -> bool:
        """Block b may join table t: room, no organisation there, no apart partner there."""
        md = self.model
        if self.m[t] + md.bsize[b] > md.caps[t]:
            return False
        T, orgs, pos = md.T, self.orgs, self.pos
        for o in md.borgs[b]:
            if orgs[o * T + t]:
                return False
        return all(pos[q] != t for q in md.partners[b])

    def can_swap(self, b: int, q: int) -> bool:
        md = self.model
        a, t = self.pos[b], self.pos[q]
        sb, sq = md.bsize[b], md.bsize[q]
        if sb != sq and (self.m[t] - sq + sb > md.caps[t] or self.m[a] - sb + sq > md.caps[a]):
            return False
        T, orgs, pos = md.T, self.orgs, self.pos
        qorgs, borgs = md.borgset[q], md.borgset[b]
        for o in md.borgs[b]:
            if orgs[o * T + t] and o not in qorgs:
                return False
        for o in md.borgs[q]:
            if orgs[o * T + a] and o not in borgs:
                return False
        for z in md.partners[b]:
            if pos[z] == t and z != q:
                return False
        return all(pos[z] != a or z == b for z in md.partners[q])

    def conflicts(self, b: int, t: int, ignore: int = -1) -> int:
        """Rule clashes block b would have at table t (not counting block `ignore`)."""
        md = self.model
        T, pos = md.T, self.pos
        here = pos[b] == t
        gone = ignore >= 0 and pos[ignore] == t
        count = 0
        for o in md.borgs[b]:
            k = self.orgs[o * T + t] - here
            if gone and o in md.borgset[ignore]:
                k -= 1
            count += k
        for z in md.partners[b]:
            if z != ignore and pos[z] == t:
                count += 1
        return count

    def place_all(self, pos: list[int]) -> None:
        for b in range(len(pos)):
            if self.pos[b] >= 0:
                self.remove(b)
        for b, t in enumerate(pos):
            self.add(b, t)
