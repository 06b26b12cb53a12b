"""Graph helpers for the assignment: connected components (union–find) and bridges (Tarjan 1974, iterative)."""

from __future__ import annotations


def components(node_count: int, edges: list[tuple[int, int]]) -> list[int]:
    """The root of each node's component; isolated nodes are their own root."""
    parent = list(range(node_count))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps the trees flat
            node = parent[node]
        return node

    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return [find(node) for node in range(node_count)]


def component_count(node_count: int, edges: list[tuple[int, int]]) -> int:
    """Components among the nodes that have at least one edge."""
    root = components(node_count, edges)
    return len({root[a] for a, _ in edges})


def bridges(node_count: int, edges: list[tuple[int, int]]) -> set[int]:
    """Indices of the edges whose removal disconnects their component (edges on no cycle)."""
    adjacent: list[list[tuple[int, int]]] = [[] for _ in range(node_count)]
    for index, (a, b) in enumerate(edges):
        adjacent[a].append((b, index))
        adjacent[b].append((a, index))
    discovered = [-1] * node_count
    low = [0] * node_count
    found: set[int] = set()
    clock = 0
    for start in range(node_count):
        if discovered[start] != -1:
            continue
        discovered[start] = low[start] = clock
        clock += 1
        stack = [(start, -1, 0)]  # node, index of the edge we came by, next neighbour to look at
        while stack:
            node, via, position = stack[-1]
            if position < len(adjacent[node]):
                stack[-1] = (node, via, position + 1)
                neighbour, index = adjacent[node][position]
                if index == via:
                    continue
                if discovered[neighbour] == -1:
                    discovered[neighbour] = low[neighbour] = clock
                    clock += 1
                    stack.append((neighbour, index, 0))
                else:
                    low[node] = min(low[node], discovered[neighbour])
                continue
            stack.pop()
            if stack:
                up = stack[-1][0]
                low[up] = min(low[up], low[node])
                if low[node] > discovered[up]:
                    found.add(via)
    return found
