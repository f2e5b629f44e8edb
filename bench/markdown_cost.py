"""What Python-Markdown costs per report body, with smarty and with pitboard's typography instead.

`.venv/bin/python bench/markdown_cost.py`: 300 bodies of the synthetic corpus (bench/synthetic.py), best of
three passes, milliseconds per body.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_site

from generator.markup import MarkdownRenderer
from generator.typography import typeset_html

EXTENSIONS = ["tables", "footnotes", "attr_list", "toc"]


def bodies(count: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        write_site(Path(folder), count)
        files = sorted(Path(folder, "content/reports").glob("*.en.md"))
        return [path.read_text(encoding="utf-8").split("---\n", 2)[2] for path in files]


def per_body(texts: list[str], convert: Callable[[str], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            convert(text)
        best = min(best, (time.perf_counter() - started) / len(texts))
    return best * 1000


def main() -> None:
    texts = bodies(300)
    plain = markdown.Markdown(extensions=EXTENSIONS)
    smarty = markdown.Markdown(extensions=[*EXTENSIONS, "smarty"])
    renderer = MarkdownRenderer(False, {})
    print(f"{sum(len(text.split()) for text in texts) / len(texts):.0f} words per body")
    print(f"Python-Markdown, {', '.join(EXTENSIONS)}: {per_body(texts, lambda t: plain.reset().convert(t)):.2f} ms")
    print(f"  + smarty:                              {per_body(texts, lambda t: smarty.reset().convert(t)):.2f} ms")
    typeset = per_body(texts, lambda t: typeset_html(plain.reset().convert(t), "en"))
    print(f"  + pitboard's typography instead:       {typeset:.2f} ms")
    print(f"pitboard's whole conversion (uncached):  {per_body(texts, lambda t: renderer._convert(t, 'en')):.2f} ms")


if __name__ == "__main__":
    main()
