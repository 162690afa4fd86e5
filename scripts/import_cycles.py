"""List the import cycles of src/warclaims, between modules and between packages.

Every import counts, those inside functions too (grimp reads the source, not the running
program); imports under ``if TYPE_CHECKING:`` do not (they never run), unless
``--with-type-checking``. A cycle is a strongly connected set of modules (or of packages:
``warclaims.<name>`` with everything below it, a top-level module standing for itself);
for each, one shortest loop is printed with the line of every import in it.

    python scripts/import_cycles.py            # modules, then packages
    python scripts/import_cycles.py --packages # packages only

Exit status 1 when there is a cycle, so a script can check for none.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

import grimp

ROOT = "warclaims"


def package_of(module: str) -> str:
    """Return the package a module counts under: ``warclaims.<name>`` (its first level)."""
    parts = module.split(".")
    return ".".join(parts[:2])


def edges(graph: grimp.ImportGraph, *, packages: bool) -> dict[str, set[str]]:
    """Return importer -> imported, between modules or (collapsed) between packages."""
    out: dict[str, set[str]] = {}
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = (package_of(importer), package_of(imported)) if packages else (importer, imported)
            if a != b:
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set())
    return out


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected sets of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(sorted(members))
    return sorted(found)


def shortest_loop(graph: dict[str, set[str]], members: Iterable[str]) -> list[str]:
    """Return one shortest loop through the first member, inside the set (breadth first)."""
    inside = set(members)
    start = min(inside)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(graph[node] & inside):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    nxt.append(child)
        frontier = nxt
    return [start]


def import_lines(graph: grimp.ImportGraph, importer: str, imported: str, *, packages: bool) -> str:
    """Return ``module:line`` of the imports from ``importer`` to ``imported`` (first three)."""
    if packages:
        details = graph.find_matching_direct_imports(import_expression=f"{importer}.** -> {imported}.**") \
            if importer.count(".") and imported.count(".") else []
        places = [f"{d['importer']}:{d['line_number']}" for d in
                  (graph.get_import_details(importer=i["importer"], imported=i["imported"])[0] for i in details)]
        if not places:  # a top-level module (warclaims.api) has no descendants to match
            places = _package_pairs(graph, importer, imported)
    else:
        places = [f"{d['importer']}:{d['line_number']}" for d in graph.get_import_details(importer=importer, imported=imported)]
    return ", ".join(places[:3]) + (" ..." if len(places) > 3 else "")


def _package_pairs(graph: grimp.ImportGraph, importer: str, imported: str) -> list[str]:
    out = []
    for module in sorted(graph.modules):
        if package_of(module) != importer:
            continue
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            if package_of(target) == imported:
                out += [f"{d['importer']}:{d['line_number']}" for d in graph.get_import_details(importer=module, imported=target)]
    return out


def report(graph: grimp.ImportGraph, *, packages: bool) -> int:
    """Print the cycles (modules or packages); return how many there are."""
    deps = edges(graph, packages=packages)
    cycles = strongly_connected(deps)
    print(f"{len(cycles)} {'package' if packages else 'module'}-level cycle(s)")
    for members in cycles:
        loop = shortest_loop(deps, members)
        print(f"- {len(members)} in the cycle: {', '.join(members)}")
        for a, b in zip(loop, loop[1:]):
            print(f"    {a} -> {b}   ({import_lines(graph, a, b, packages=packages)})")
    return len(cycles)


def main(argv: list[str] | None = None) -> int:
    """Print the import cycles of warclaims; exit 1 when there is one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", action="store_true", help="package-level cycles only")
    parser.add_argument("--with-type-checking", action="store_true", help="count imports under TYPE_CHECKING too")
    args = parser.parse_args(argv)
    graph = grimp.build_graph(ROOT, exclude_type_checking_imports=not args.with_type_checking, cache_dir=None)
    count = 0 if args.packages else report(graph, packages=False)
    if not args.packages:
        print()
    count += report(graph, packages=True)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
