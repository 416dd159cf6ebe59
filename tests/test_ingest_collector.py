"""The cycle collector paused during ingest always comes back on."""

from __future__ import annotations

import gc
import threading

import pytest

from wiredesk.ingest import collector


def test_collector_is_back_on_after_nested_blocks_and_an_error():
    """Nested paused blocks keep it off; it is on again after the outer one, even
    when the block raised."""
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise RuntimeError("a parser failed")
    assert gc.isenabled()


def test_collector_stays_off_when_the_process_had_turned_it_off():
    """A process that runs without the collector is not switched back to it."""
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_blocks_in_two_threads_turn_it_on_once_both_ended():
    """Two ingests at once: the collector returns when the later one ends."""
    inside, release = threading.Event(), threading.Event()

    def other_ingest() -> None:
        with collector.paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other_ingest)
    with collector.paused():
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()
    release.set()
    thread.join(5)
    assert gc.isenabled()
