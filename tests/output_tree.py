"""A built site as the tests compare it, and what its search index holds.

Pagefind does not write its files byte for byte alike from run to run (spec section 13), so
the byte-for-byte comparisons of output folders take `pagefind/` by what it indexes instead:
each indexed page's language, URL, words, filters and metadata, read from its fragment file.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

INDEX_DIR = "pagefind"
_FRAGMENT_HEADER = b"pagefind_dcd"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder by its path, with the search index as one entry: what it indexes."""
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }
    outside = {path: content for path, content in files.items() if not path.startswith(f"{INDEX_DIR}/")}
    if len(outside) < len(files):
        outside[f"{INDEX_DIR}/"] = json.dumps(indexed(folder), sort_keys=True, ensure_ascii=False).encode()
    return outside


def indexed(output: Path) -> list[dict[str, object]]:
    """Every page in the search index of a built site, by language and URL: its words, filters and metadata."""
    records = []
    for fragment in (output / INDEX_DIR / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(_FRAGMENT_HEADER))
        records.append({"lang": fragment.name.split("_", 1)[0], **record})
    return sorted(records, key=lambda record: (record["lang"], record["url"]))


def indexed_urls(output: Path) -> dict[str, set[str]]:
    """The URLs of the indexed pages, by language."""
    urls: dict[str, set[str]] = {}
    for record in indexed(output):
        urls.setdefault(str(record["lang"]), set()).add(str(record["url"]))
    return urls
