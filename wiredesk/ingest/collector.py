"""Python's cycle collector held off while a document is parsed and stored.

A feed of 10,000 items makes a hundred thousand objects that live until the batch
is stored, and none of them forms a cycle. The collector counts them as they are
made and, every few tens of thousands, traverses the whole heap (Django's included)
to find nothing: about a tenth of a full ingest. Reference counting still frees
everything as usual; only the search for cycles waits until the last paused block
in the process ends. Fetches are never inside a paused block, and later stages are
only enqueued there (with the database task queue; the tests' immediate backend
runs them inside), so other threads' cycles wait seconds at most.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # paused blocks running now, in any thread
_resume = False  # whether the collector was on when the first of them began


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cycle collector off (reentrant, thread-safe)."""
    global _paused, _resume
    with _lock:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _resume:
                gc.enable()
