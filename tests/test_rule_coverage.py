"""Every rule entry must act: removing it changes some fixture's output.

Each entry of ``boilerplate_rules/*.yaml`` (a selector, a line pattern or a marker) is removed
in turn, on a copy of the rules; the fixture pages its layer applies to are extracted again
and compared with the full rules' output.  An entry that changes nothing either says why
(``untested: <reason>``; at most 10% of entries) or is listed in ``rule_coverage_debt.txt``,
the entries found inert when this test was written: the list may only shrink (an entry that
now acts must leave it), so a new inert or broken rule fails here.

    .venv/bin/python tests/test_rule_coverage.py     # report: inert entries, by file
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from archive.evaluation import Case, iter_cases  # noqa: E402
from archive.extract import extract_page  # noqa: E402
from archive.extract.rules import (  # noqa: E402
    LINE_KINDS,
    SELECTOR_KINDS,
    clear_cache,
    default_rules_dir,
)

FIXTURES = HERE / "fixtures" / "extract"
DEBT = HERE / "rule_coverage_debt.txt"
ENTRY_LISTS = {"markers", *SELECTOR_KINDS, *LINE_KINDS}
MAX_UNTESTED = 0.10


@dataclass(frozen=True)
class Entry:
    """One rule entry: where it is and what it says."""

    file: str  # relative to the rules directory
    kind: str
    first_line: int  # 0-based, inclusive
    end_line: int  # 0-based, exclusive
    key: str  # "file kind expression" (stable across edits elsewhere)
    untested: str | None

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.first_line + 1}"


def _scalar(node: yaml.Node, name: str) -> str | None:
    for key, value in getattr(node, "value", []):
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return str(value.value)
    return None


def entries(rules_dir: Path | None = None) -> Iterator[Entry]:
    """Every entry of every rule file, with the lines it spans."""
    rules_dir = rules_dir or default_rules_dir()
    for path in sorted(rules_dir.rglob("*.yaml")):
        rel = path.relative_to(rules_dir).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        stack = [root]
        while stack:
            node = stack.pop()
            if not isinstance(node, yaml.MappingNode):
                if isinstance(node, yaml.SequenceNode):
                    stack.extend(node.value)
                continue
            for key, value in node.value:
                if key.value in ENTRY_LISTS and isinstance(value, yaml.SequenceNode):
                    for item in value.value:
                        mark = item.end_mark
                        before = lines[mark.line][:mark.column] if mark.line < len(lines) else ""
                        end = mark.line + (0 if before.strip() in ("", "-") else 1)
                        while end > item.start_mark.line + 1 and not lines[end - 1].strip():
                            end -= 1
                        expr = next(x for x in (_scalar(item, k) for k in
                                                ("css", "xpath", "pattern")) if x)
                        yield Entry(rel, key.value, item.start_mark.line, end,
                                    f"{rel} {key.value} {expr}", _scalar(item, "untested"))
                else:
                    stack.append(value)


def _signature(case: Case, rules_dir: Path) -> tuple:
    result = extract_page(case.body, case.url, headers=case.headers,
                          fetched_at=case.fetched_at, rules_dir=rules_dir)
    doc = result.document or {}
    return (result.kind, result.cms, doc.get("title"), doc.get("published"),
            doc.get("modified"), doc.get("author"), doc.get("lead"), doc.get("text"),
            tuple(doc.get("captions") or ()))


def _cases_for(entry: Entry, cases: list[Case]) -> list[Case]:
    family = entry.file.removesuffix(".yaml")
    if entry.file == "common.yaml" or entry.kind == "markers":
        return cases
    return [c for c in cases if (c.expected or {}).get("cms") == family]


def inert_entries(tmp: Path) -> list[Entry]:
    """Entries whose removal changes no fixture's output."""
    cases = list(iter_cases([FIXTURES]))
    rules_dir = default_rules_dir()
    baseline = {c.name: _signature(c, rules_dir) for c in cases}
    inert = []
    for n, entry in enumerate(entries()):
        copy = tmp / f"rules{n}"
        shutil.copytree(rules_dir, copy)
        target = copy / entry.file
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        del lines[entry.first_line:entry.end_line]
        target.write_text("".join(lines), encoding="utf-8")
        clear_cache()
        if all(_signature(c, copy) == baseline[c.name] for c in _cases_for(entry, cases)):
            inert.append(entry)
        shutil.rmtree(copy)
    clear_cache()
    return inert


def debt() -> set[str]:
    if not DEBT.exists():
        return set()
    return {line.strip() for line in DEBT.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def test_every_rule_entry_acts(tmp_path: Path) -> None:
    all_entries = list(entries())
    untested = [e for e in all_entries if e.untested]
    assert len(untested) <= MAX_UNTESTED * len(all_entries), \
        f"{len(untested)} of {len(all_entries)} entries say 'untested' (at most 10%)"
    inert = inert_entries(tmp_path)
    known = debt()
    new = [e for e in inert if not e.untested and e.key not in known]
    assert not new, "rule entries that change no fixture's output (add a fixture page that " \
        "needs them, fix them, or say why with 'untested: <reason>'):\n" + \
        "\n".join(f"  {e.origin} {e.key}" for e in new)
    paid = sorted(known - {e.key for e in inert})
    assert not paid, f"entries now covered: remove them from {DEBT.name}:\n" + "\n".join(paid)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = inert_entries(Path(tmp))
    total = len(list(entries()))
    for e in found:
        print(f"{e.origin}\t{e.key}")
    print(f"{len(found)} of {total} entries change no fixture's output", file=sys.stderr)
