"""Rebuild the real-page set from local checkouts of the public repositories that hold it.

    .venv/bin/python benchmarks/real_pages_rebuild.py rebuild DIR [--mirrors ROOT]
    .venv/bin/python benchmarks/real_pages_rebuild.py fingerprint GOLD_WITH_TEXT.json [--append]

The project stores no third-party page text.  ``benchmarks/real_pages.json`` lists each page's
source (repository, commit, path, original URL, SHA-256 of the bytes) and its gold as
fingerprints.  ``rebuild`` reads every page with ``git show COMMIT:PATH`` from
``ROOT/<owner>+<name>/repo`` (a bare clone or git dir; default ``/work/.mirror``), un-gzips it
and writes ``DIR/<id>.html``.  ``fingerprint`` turns a hand-written gold file (title, authors,
date, body paragraphs, boilerplate strings: kept outside the repository) into that JSON;
``--append`` adds (or replaces, by id) its pages and keeps the others.  A page may carry a
``group`` (e.g. ``vn-gov``), a ``note`` (how the copy differs from what the server sent) and
``"held_out": true`` (kept out of tuning whatever its id's hash says).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_pages import GOLD, author_hash, shingle_hashes, text_hash, words  # noqa: E402


def read_page(root: Path, repo: str, commit: str, path: str) -> bytes:
    git_dir = root / repo.replace("/", "+") / "repo"
    if not git_dir.exists():
        git_dir = root / repo.replace("/", "+")
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"error: {repo}@{commit[:10]}:{path}: "
                         f"{done.stderr.decode(errors='replace').strip() or 'not found'}")
    data = done.stdout
    return gzip.decompress(data) if path.endswith(".gz") else data


def rebuild(out: Path, root: Path) -> int:
    pages = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    out.mkdir(parents=True, exist_ok=True)
    for page in pages:
        body = read_page(root, page["repo"], page["commit"], page["path"])
        if hashlib.sha256(body).hexdigest() != page["sha256"]:
            raise SystemExit(f"error: {page['id']}: bytes differ from the recorded page")
        (out / f"{page['id']}.html").write_bytes(body)
    print(f"{len(pages)} pages written to {out}")
    return 0


def fingerprint(gold_file: Path, root: Path, append: bool = False) -> int:
    hand: list[dict[str, Any]] = json.loads(gold_file.read_text(encoding="utf-8"))
    pages = []
    for g in hand:
        body = read_page(root, g["repo"], g["commit"], g["path"])
        page = {key: g[key] for key in ("id", "repo", "commit", "path", "url", "family")}
        page.update({key: g[key] for key in ("group", "note") if g.get(key)})
        if g.get("held_out") is True:
            page["held_out"] = True
        page["sha256"] = hashlib.sha256(body).hexdigest()
        page["title"] = text_hash(g["title"])
        page["title_len"] = len(g["title"])
        page["author"] = author_hash(g["authors"])
        page["date"], page["tz"] = g["date"], g["tz"]
        if g.get("body"):
            page["paragraphs"] = [[text_hash(p), len(p)] for p in g["body"]]
            page["shingles"] = sorted(shingle_hashes("\n".join(g["body"])).items())
        page["boilerplate"] = [[text_hash(b), len(words(b))] for b in g["boilerplate"]]
        pages.append(page)
    if append:
        new = {page["id"] for page in pages}
        kept = [p for p in json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
                if p["id"] not in new]
        pages = kept + pages
    GOLD.write_text(json.dumps({"about": "gold fingerprints of real pages; see real_pages.py",
                                "pages": pages}, ensure_ascii=False, separators=(",", ":"))
                    + "\n", encoding="utf-8")
    print(f"{len(pages)} pages fingerprinted into {GOLD}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"),
                        help="folder holding <owner>+<name>/repo git dirs")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rebuild").add_argument("out", type=Path)
    fp = sub.add_parser("fingerprint")
    fp.add_argument("gold", type=Path)
    fp.add_argument("--append", action="store_true",
                    help="add these pages to real_pages.json instead of replacing it")
    args = parser.parse_args(argv)
    if args.command == "rebuild":
        return rebuild(args.out, args.mirrors)
    return fingerprint(args.gold, args.mirrors, args.append)


if __name__ == "__main__":
    sys.exit(main())
