"""The build cache's store and lock: kept across processes, never trusted when damaged."""

from __future__ import annotations

import sqlite3

import pytest

from generator import cache as cache_module
from generator.cache import DATABASE, BuildCache, BuildLock, LockBusy


def test_values_survive_a_new_process(tmp_path):
    first = BuildCache(tmp_path)
    first.put("markdown", b"key", "<p>html</p>")
    first.close()
    assert BuildCache(tmp_path).get("markdown", b"key") == "<p>html</p>"


def test_sync_keeps_exactly_the_entries_given(tmp_path):
    first = BuildCache(tmp_path)
    for key in (b"a", b"b", b"c"):
        first.put("pages", key, key.decode())
    first.commit()
    first.sync("pages", {b"a": "a", b"c": "changed", b"d": "d"})
    first.close()
    assert BuildCache(tmp_path).table("pages") == {b"a": "a", b"c": "changed", b"d": "d"}


def test_a_cache_of_another_version_is_thrown_away(tmp_path, monkeypatch):
    first = BuildCache(tmp_path)
    first.put("markdown", b"key", "old")
    first.close()
    monkeypatch.setattr(cache_module, "code_version", lambda: "9.9.9+other")
    assert BuildCache(tmp_path).get("markdown", b"key") is None


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_rebuilt_without_complaint(tmp_path, damage):
    first = BuildCache(tmp_path)
    for number in range(200):
        first.put("markdown", number.to_bytes(4, "big"), "x" * 500)
    first.close()
    path = tmp_path / DATABASE
    data = path.read_bytes()
    path.write_bytes(b"\x00garbage" * 100 if damage == "garbage" else data[: len(data) // 3])
    again = BuildCache(tmp_path)
    assert again.get("markdown", (5).to_bytes(4, "big")) is None
    again.put("markdown", b"new", "value")
    again.close()
    assert BuildCache(tmp_path).get("markdown", b"new") == "value"


def test_a_value_whose_bytes_changed_is_not_trusted(tmp_path):
    first = BuildCache(tmp_path)
    first.put("markdown", b"key", "trusted")
    first.close()
    with sqlite3.connect(tmp_path / DATABASE) as database:
        database.execute("UPDATE markdown SET value = ? WHERE key = ?", (b"\x80\x04\x95garbage", b"key"))
    assert BuildCache(tmp_path).get("markdown", b"key") is None


def test_an_in_memory_cache_writes_nothing(tmp_path):
    memory = BuildCache.in_memory()
    memory.put("markdown", b"key", "value")
    memory.close()
    assert memory.get("markdown", b"key") == "value"
    assert not any(tmp_path.iterdir())


def test_the_lock_is_held_by_one_build_and_names_it(tmp_path):
    first = BuildLock(tmp_path)
    first.acquire(wait=False, on_wait=print)
    second = BuildLock(tmp_path)
    with pytest.raises(LockBusy, match=r"pid \d+: pitboard"):
        second.acquire(wait=False, on_wait=print)
    first.release()
    second.acquire(wait=False, on_wait=print)
    second.release()
