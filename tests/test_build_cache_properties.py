"""Random sequences of edits: after each, the cached build's output is byte for byte a cold build's, whether
it is made by a new process or by the process that made the builds before (`serve`)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import REPO, SITES
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from output_tree import tree

from generator.build import SiteBuilder
from generator.cache import BuildCache
from generator.publication import Publication, parse_moment

REPORTS = ("2023-spa-race-1.en.md", "2023-spa-race-1.de.md", "2023-spa-race-2.en.md")
DRIVERS = ("anna-berg", "ben-carter", "carla-diaz")
# Words that make a difference on a page: names that become mentions, quotes that become typographic.
WORDS = st.sampled_from(["Anna Berg", "Berg", "Carla Díaz", "Ben", '"quoted"', "it's", "--", "Spa", "lap", "won"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


class CachedBuilds(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="pitboard-cache-property-"))
        self.root = self.folder / "site"
        shutil.copytree(SITES / "basic", self.root)
        shutil.copytree(REPO / "templates", self.root / "templates")
        self.builds = 0
        self.publication = Publication()
        # one builder for every build, with what it keeps in memory between builds, as `serve` has
        self.serving = SiteBuilder(self.root, BuildCache(self.folder / "serving-cache"))

    def teardown(self) -> None:
        self.serving.cache.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def replace_in(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    @rule(report=st.sampled_from(REPORTS), text=TEXT)
    def edit_a_body(self, report: str, text: str) -> None:
        path = self.root / "content/reports" / report
        head, _, _ = path.read_text(encoding="utf-8").rpartition("---\n")
        path.write_text(f"{head}---\n{text}\n", encoding="utf-8")

    @rule(report=st.sampled_from(REPORTS), title=TEXT)
    def retitle(self, report: str, title: str) -> None:
        path = self.root / "content/reports" / report
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[1] = f"title: {title.replace(chr(34), '')!r}"
        path.write_text("\n".join(lines), encoding="utf-8")

    @rule(report=st.sampled_from(REPORTS), day=st.integers(min_value=20, max_value=31))
    def redate(self, report: str, day: int) -> None:
        path = self.root / "content/reports" / report
        lines = [
            f"date: 2023-07-{day}" if line.startswith("date:") else line
            for line in path.read_text(encoding="utf-8").split("\n")
        ]
        path.write_text("\n".join(lines), encoding="utf-8")

    @rule(
        driver=st.sampled_from(DRIVERS),
        name=st.sampled_from(["Anna Berg", "Anna Berg-Lund", "Ben Carter", "Carla Díaz", "Carla Diaz", "Dana Fox"]),
    )
    def rename_a_driver(self, driver: str, name: str) -> None:
        path = self.root / "content/drivers" / f"{driver}.yaml"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[0] = f"name: {name}-{driver[0]}"  # names stay distinct: one name, one driver
        path.write_text("\n".join(lines), encoding="utf-8")

    @rule(present=st.booleans())
    def add_or_remove_a_translation(self, present: bool) -> None:
        path = self.root / "content/reports/2023-spa-race-2.de.md"
        if present:
            path.write_text("---\ntitle: Ausfall\ndate: 2023-07-30\n---\nGetriebeschaden.\n", encoding="utf-8")
        else:
            path.unlink(missing_ok=True)

    @rule(season=st.sampled_from([2022, 2023, 2024]))
    def move_the_event(self, season: int) -> None:
        path = self.root / "content/events/2023-spa.yaml"
        lines = [
            f"season: {season}" if line.startswith("season:") else line
            for line in path.read_text(encoding="utf-8").split("\n")
        ]
        path.write_text("\n".join(lines), encoding="utf-8")

    @rule(text=TEXT)
    def edit_a_template(self, text: str) -> None:
        self.replace_in("templates/driver.html", "{% block content %}", "{% block content %}<!-- x -->")
        path = self.root / "templates/static/style.css"
        path.write_text(path.read_text(encoding="utf-8") + f"/* {text} */\n", encoding="utf-8")

    @rule(word=st.sampled_from(["Fahrer", "Piloten", "Fahrerinnen"]))
    def edit_the_catalog(self, word: str) -> None:
        path = self.root / "templates/translations/de.po"
        text = path.read_text(encoding="utf-8")
        for old in ("Fahrer", "Piloten", "Fahrerinnen"):
            text = text.replace(f'msgstr "{old}"\n', f'msgstr "{word}"\n')
        path.write_text(text, encoding="utf-8")

    @rule(publish_at=st.sampled_from([None, "2500-01-01T00:00:00+01:00"]))
    def embargo_a_translation(self, publish_at: str | None) -> None:
        """The German translation of race 1 (which states no facts) under embargo, or not."""
        path = self.root / "content/reports/2023-spa-race-1.de.md"
        lines = [line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("publish_at:")]
        if publish_at is not None:
            lines.insert(2, f"publish_at: {publish_at}")
        path.write_text("\n".join(lines), encoding="utf-8")

    @rule(now=st.sampled_from([None, "2600-01-01T00:00:00Z"]), future=st.booleans())
    def set_the_clock(self, now: str | None, future: bool) -> None:
        clock = {"now": parse_moment(now)} if now is not None else {}
        self.publication = Publication(**clock, future=future)

    @invariant()
    def the_cached_build_is_a_cold_build(self) -> None:
        # a new builder and cache object each time, as a new `pitboard build` process would have
        cached = SiteBuilder(self.root, BuildCache(self.root / ".pitboard-cache"))
        cached.build(self.root / "output", self.publication)
        cached.cache.close()
        cold = self.folder / f"cold-{self.builds}"
        with BuildCache.in_memory() as memory:
            SiteBuilder(self.root, memory).build(cold, self.publication)
        self.serving.build(self.folder / "served", self.publication)
        self.builds += 1
        assert tree(self.root / "output") == tree(cold)
        assert tree(self.folder / "served") == tree(cold)
        shutil.rmtree(cold.resolve())
        cold.unlink()


TestCachedBuilds = CachedBuilds.TestCase
TestCachedBuilds.settings = settings(
    max_examples=6, stateful_step_count=4, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
