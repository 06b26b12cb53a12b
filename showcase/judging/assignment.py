"""Balanced, conflict-free, connected assignment of judges to entries (issue 6, point 3).

Pure functions: plain ids in, an `Assignment` out; randomness only from `random.Random(seed)`; problems in the
data (an entry with too few eligible judges, a conflicted manual pair...) are returned, never raised.

Method, in three passes over an index-based copy of the data:

1. **Greedy fill.** Entries, most constrained first (fewest eligible judges, random ties), each take the
   least-loaded eligible judges (random ties) until they have k. Coverage is decided entry by entry and is never
   traded for balance: an entry gets k judges whenever k non-conflicted judges exist, otherwise all of them.
2. **Balance by exchange paths.** A path H → e1 → J1 → e2 → … → L moves e1 from H to J1, e2 from J1 to L, and so
   on: intermediate loads do not change, H loses one, L gains one. Such a path is exactly a negative cycle in
   the residual graph of the convex-cost flow source → entry (demand) → judge → sink with cost load² on the
   judge arcs, and it exists iff load(H) ≥ load(L) + 2 can be improved. Repeating until none exists therefore
   gives the optimum of that flow (Ahuja, Magnanti & Orlin, *Network Flows*, 1993, §14 — negative cycle
   optimality for separable convex costs), whose load vector is lexicographically optimal (Fujishige,
   *Submodular Functions and Optimization*, 2005, §8.2): it has the smallest possible maximum load and the
   largest possible minimum load at once, so **max − min ≤ 1 whenever any assignment reaches it**. Fixed pairs
   (manual choices, completed reviews) are never moved; the guarantee is relative to them.
3. **Connect by moves and swaps.** The additive judge-bias model is identifiable only on a connected judge–entry
   graph (JUDGING.md §2.5). An edge (u, e) on a cycle (not a bridge, Tarjan 1974) moves to a judge v of another
   component with load(v) < load(u): loads only come closer, and the two components become one. Otherwise two
   edges (a, e1) and (b, e2) in different components are swapped to (b, e1) and (a, e2): loads and coverage are
   unchanged, and if either edge lay on a cycle the two components become one. Without conflicts and fixed
   pairs this always succeeds when k ≥ 2 and (k − 1)·entries ≥ judges − 1: with fewer edges than that the graph
   cannot be connected, and with that many some component has a cycle. With conflicts it is best effort (the
   property test finds no miss when every entry has k + 1 eligible judges and the eligibility graph is
   connected); what remains is reported.

Components are counted over the judges and entries that have at least one pair (an idle judge is not a
component: it has no scores to correct).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from showcase.judging._assignment_graph import bridges, component_count, components

JudgeId = Hashable
EntryId = Hashable
Pair = tuple[JudgeId, EntryId]

TOO_FEW_ELIGIBLE_JUDGES = "too_few_eligible_judges"
EXISTING_PAIR_CONFLICTED = "existing_pair_conflicted"
EXISTING_JUDGE_UNKNOWN = "existing_judge_unknown"
EXISTING_ENTRY_UNKNOWN = "existing_entry_unknown"
DONE_REVIEW_CONFLICTED = "done_review_conflicted"
LOADS_UNBALANCED = "loads_unbalanced"
GRAPH_NOT_CONNECTED = "graph_not_connected"


@dataclass(frozen=True)
class Problem:
    """Something the constraints did not allow; `entry` is None for a problem of the whole assignment."""

    entry: EntryId | None
    reason: str
    judge: JudgeId | None = None


@dataclass(frozen=True)
class Assignment:
    """Which judges review which entry.

    `judges` is the pool that takes new work and is balanced; after a dropout, `judges_by_entry` may still name
    the judge who left, for the reviews they completed. `fixed` pairs were given (manual or done) and are never
    moved by a later reassignment.
    """

    entries: tuple[EntryId, ...]
    judges: tuple[JudgeId, ...]
    judges_by_entry: Mapping[EntryId, tuple[JudgeId, ...]]
    k: int
    fixed: frozenset[Pair] = frozenset()
    problems: tuple[Problem, ...] = ()

    def pairs(self) -> tuple[Pair, ...]:
        return tuple((judge, entry) for entry in self.entries for judge in self.judges_by_entry.get(entry, ()))

    def entries_by_judge(self) -> dict[JudgeId, tuple[EntryId, ...]]:
        by_judge: dict[JudgeId, list[EntryId]] = {judge: [] for judge in self.judges}
        for judge, entry in self.pairs():
            by_judge.setdefault(judge, []).append(entry)
        return {judge: tuple(entries) for judge, entries in by_judge.items()}


@dataclass(frozen=True)
class CoverageReport:
    judges_per_entry: dict[EntryId, int]
    load_per_judge: dict[JudgeId, int]
    min_load: int
    max_load: int
    components: int
    entries_below_k: tuple[EntryId, ...]
    idle_judges: tuple[JudgeId, ...] = field(default=())


def assign(
    entries: Sequence[EntryId],
    judges: Sequence[JudgeId],
    *,
    k: int,
    conflicts: Collection[Pair],
    seed: int,
    existing: Mapping[EntryId, Collection[JudgeId]] | None = None,
) -> Assignment:
    """Give each entry k distinct non-conflicted judges with balanced loads; `existing` pairs are kept as given."""
    if k < 0:
        raise ValueError(f"k must be at least 0, not {k}")
    entries, judges = _unique(entries), _unique(judges)
    known_entries, known_judges = set(entries), set(judges)
    conflicted = set(conflicts)
    problems: list[Problem] = []
    fixed: list[Pair] = []
    for entry, chosen in (existing or {}).items():
        if entry not in known_entries:
            problems += [Problem(entry, EXISTING_ENTRY_UNKNOWN, judge) for judge in chosen]
            continue
        for judge in _unique(chosen):
            if judge not in known_judges:
                problems.append(Problem(entry, EXISTING_JUDGE_UNKNOWN, judge))
            elif (judge, entry) in conflicted:
                problems.append(Problem(entry, EXISTING_PAIR_CONFLICTED, judge))
            else:
                fixed.append((judge, entry))
    return _solve(entries, judges, (), k, conflicted, seed, fixed, (), problems)


def reassign_after_dropout(
    assignment: Assignment,
    judge_id: JudgeId,
    *,
    conflicts: Collection[Pair],
    seed: int,
    done: Collection[Pair] = frozenset(),
) -> Assignment:
    """Hand the dropped judge's open entries to the others, keeping balance; completed reviews stay as they are.

    Pairs in `done` (and the assignment's fixed pairs) are never moved, including the dropped judge's own
    completed reviews, which keep counting towards their entries' k. Other open pairs may move, along the
    shortest exchange paths, only as far as balance requires.
    """
    conflicted = set(conflicts)
    done_set = set(done)
    pool = tuple(judge for judge in assignment.judges if judge != judge_id)
    fixed: list[Pair] = []
    kept: list[Pair] = []
    problems: list[Problem] = []
    retired: list[JudgeId] = []
    for pair in assignment.pairs():
        judge, entry = pair
        if pair in done_set or (pair in assignment.fixed and judge != judge_id and pair not in conflicted):
            fixed.append(pair)
            if pair in conflicted:
                problems.append(Problem(entry, DONE_REVIEW_CONFLICTED, judge))
            if judge not in pool and judge not in retired:
                retired.append(judge)
        elif pair in assignment.fixed and pair in conflicted:
            problems.append(Problem(entry, EXISTING_PAIR_CONFLICTED, judge))
        elif judge != judge_id and pair not in conflicted:
            kept.append(pair)
    return _solve(assignment.entries, pool, tuple(retired), assignment.k, conflicted, seed, fixed, kept, problems)


def coverage_report(assignment: Assignment, judges: Sequence[JudgeId], entries: Sequence[EntryId]) -> CoverageReport:
    """Judges per entry, load per judge, the spread, connected components and entries below k."""
    judges, entries = _unique(judges), _unique(entries)
    judges_per_entry = {entry: len(assignment.judges_by_entry.get(entry, ())) for entry in entries}
    load = dict.fromkeys(judges, 0)
    edges: list[tuple[int, int]] = []
    node: dict[tuple[str, Hashable], int] = {}
    for entry in entries:
        for judge in assignment.judges_by_entry.get(entry, ()):
            if judge in load:
                load[judge] += 1
            a = node.setdefault(("judge", judge), len(node))
            b = node.setdefault(("entry", entry), len(node))
            edges.append((a, b))
    loads = list(load.values())
    return CoverageReport(
        judges_per_entry=judges_per_entry,
        load_per_judge=load,
        min_load=min(loads, default=0),
        max_load=max(loads, default=0),
        components=component_count(len(node), edges),
        entries_below_k=tuple(entry for entry in entries if judges_per_entry[entry] < assignment.k),
        idle_judges=tuple(judge for judge in judges if load[judge] == 0),
    )


def _unique(ids: Collection[Hashable]) -> tuple[Hashable, ...]:
    return tuple(dict.fromkeys(ids))


def _solve(
    entries: tuple[EntryId, ...],
    pool: tuple[JudgeId, ...],
    retired: tuple[JudgeId, ...],
    k: int,
    conflicted: set[Pair],
    seed: int,
    fixed: Sequence[Pair],
    kept: Sequence[Pair],
    problems: list[Problem],
) -> Assignment:
    judge_ids = pool + retired
    solver = _Solver(len(entries), len(pool), len(judge_ids), random.Random(seed))
    entry_index = {entry: i for i, entry in enumerate(entries)}
    judge_index = {judge: j for j, judge in enumerate(judge_ids)}
    solver.eligible = [
        [j for j, judge in enumerate(pool) if (judge, entry) not in conflicted] for entry in entries
    ]
    solver.conflicted = {
        (judge_index[judge], entry_index[entry])
        for judge, entry in conflicted
        if judge in judge_index and entry in entry_index
    }
    for pairs, is_fixed in ((fixed, True), (kept, False)):
        for judge, entry in pairs:
            solver.add(judge_index[judge], entry_index[entry], fixed=is_fixed)
    solver.fill(k)
    solver.balance()
    solver.connect()

    for e, entry in enumerate(entries):
        if len(solver.on_entry[e]) < k:
            problems.append(Problem(entry, TOO_FEW_ELIGIBLE_JUDGES))
    if pool and max(solver.loads) - min(solver.loads) > 1:
        problems.append(Problem(None, LOADS_UNBALANCED))
    if solver.component_count() > 1:
        problems.append(Problem(None, GRAPH_NOT_CONNECTED))
    return Assignment(
        entries=entries,
        judges=pool,
        judges_by_entry={
            entry: tuple(judge_ids[j] for j in sorted(solver.on_entry[e])) for e, entry in enumerate(entries)
        },
        k=k,
        fixed=frozenset((judge_ids[j], entries[e]) for j, e in solver.fixed),
        problems=tuple(problems),
    )


class _Solver:
    """Mutable working state on indices: entries 0..E-1, pool judges 0..J-1, retired judges J and up."""

    def __init__(self, entry_count: int, pool_size: int, judge_count: int, rng: random.Random) -> None:
        self.rng = rng
        self.pool_size = pool_size
        self.judge_count = judge_count
        self.eligible: list[list[int]] = []
        self.conflicted: set[tuple[int, int]] = set()
        self.fixed: set[tuple[int, int]] = set()
        self.on_entry: list[dict[int, None]] = [{} for _ in range(entry_count)]
        self.movable_of: list[dict[int, None]] = [{} for _ in range(pool_size)]  # judge -> its movable entries
        self.loads = [0] * pool_size

    def add(self, j: int, e: int, *, fixed: bool) -> None:
        if j in self.on_entry[e]:
            return
        self.on_entry[e][j] = None
        if fixed:
            self.fixed.add((j, e))
        if j < self.pool_size:
            self.loads[j] += 1
            if not fixed:
                self.movable_of[j][e] = None

    def move(self, e: int, source: int, target: int) -> None:
        del self.on_entry[e][source], self.movable_of[source][e]
        self.on_entry[e][target] = self.movable_of[target][e] = None
        self.loads[source] -= 1
        self.loads[target] += 1

    def fill(self, k: int) -> None:
        ties = {e: self.rng.random() for e in range(len(self.on_entry))}
        for e in sorted(ties, key=lambda e: (len(self.eligible[e]), ties[e])):
            free = [j for j in self.eligible[e] if j not in self.on_entry[e]]
            need = k - len(self.on_entry[e])
            if need <= 0 or not free:
                continue
            keys = {j: (self.loads[j], self.rng.random()) for j in free}
            for j in sorted(free, key=keys.__getitem__)[:need]:
                self.add(j, e, fixed=False)

    def balance(self) -> None:
        while path := self._improving_path():
            for source, e, target in reversed(path):
                self.move(e, source, target)

    def _improving_path(self) -> list[tuple[int, int, int]] | None:
        """Shortest exchange path from a judge to one carrying at least two fewer entries, as (from, entry, to)."""
        lowest = min(self.loads, default=0)
        for top in sorted(set(self.loads), reverse=True):
            if top - lowest < 2:
                return None
            sources = [j for j, load in enumerate(self.loads) if load >= top]
            parent: dict[int, tuple[int, int] | None] = dict.fromkeys(sources)
            frontier = sources
            while frontier:
                following = []
                for u in frontier:
                    for e in self.movable_of[u]:
                        for v in self.eligible[e]:
                            if v in parent or v in self.on_entry[e]:
                                continue
                            parent[v] = (u, e)
                            if self.loads[v] <= top - 2:
                                return self._trace(parent, v)
                            following.append(v)
                frontier = following
        return None

    @staticmethod
    def _trace(parent: dict[int, tuple[int, int] | None], target: int) -> list[tuple[int, int, int]]:
        path = []
        while (step := parent[target]) is not None:
            path.append((step[0], step[1], target))
            target = step[0]
        return path[::-1]

    def _graph(self) -> tuple[int, list[tuple[int, int]]]:
        """Nodes: entries first, then judges (offset by the entry count); one edge per pair."""
        offset = len(self.on_entry)
        edges = [(offset + j, e) for e, judges in enumerate(self.on_entry) for j in judges]
        return offset + self.judge_count, edges

    def component_count(self) -> int:
        return component_count(*self._graph())

    def connect(self) -> None:
        while self._join_two_components():
            pass

    def _join_two_components(self) -> bool:
        node_count, edges = self._graph()
        if component_count(node_count, edges) < 2:
            return False
        root = components(node_count, edges)
        on_bridge = bridges(node_count, edges)
        offset = len(self.on_entry)
        movable = [
            i
            for i, (node, e) in enumerate(edges)
            if node - offset < self.pool_size and (node - offset, e) not in self.fixed
        ]
        if self._move_across(edges, movable, root, on_bridge):
            return True
        by_root: dict[int, list[int]] = {}
        for i in movable:
            by_root.setdefault(root[edges[i][1]], []).append(i)
        for component in sorted(by_root, key=lambda r: (len(by_root[r]), r)):
            inside = list(by_root[component])
            outside = [i for i in movable if root[edges[i][1]] != component]
            self.rng.shuffle(inside)
            self.rng.shuffle(outside)
            for x in inside:
                a, e1 = edges[x][0] - offset, edges[x][1]
                for y in outside:
                    b, e2 = edges[y][0] - offset, edges[y][1]
                    if (x in on_bridge and y in on_bridge) or (b, e1) in self.conflicted or (a, e2) in self.conflicted:
                        continue
                    self.move(e1, a, b)
                    self.move(e2, b, a)
                    return True
        return False

    def _move_across(
        self, edges: list[tuple[int, int]], movable: list[int], root: list[int], on_bridge: set[int]
    ) -> bool:
        """Move an entry off a cycle to a less-loaded judge of another component: one component fewer."""
        offset = len(self.on_entry)
        for i in self.rng.sample(movable, len(movable)):
            if i in on_bridge:
                continue
            u, e = edges[i][0] - offset, edges[i][1]
            for v in self.eligible[e]:
                if 0 < self.loads[v] < self.loads[u] and root[offset + v] != root[e] and v not in self.on_entry[e]:
                    self.move(e, u, v)
                    return True
        return False
