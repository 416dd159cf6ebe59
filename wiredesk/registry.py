"""Small registries keyed by name, filled by apps in AppConfig.ready().

Parsers, fetchers and periodic jobs are looked up here by name, so the pipeline and
the scheduler never import a concrete implementation, and a third-party package
registers its own exactly as the built-in ones do. Nothing registers on import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, name: str, entry: T) -> T:
        existing = self._entries.get(name)
        if existing is not None and existing != entry:
            raise ValueError(f"a {self.kind} named {name!r} is already registered")
        self._entries[name] = entry
        return entry

    def get(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise LookupError(
                f"no {self.kind} named {name!r} (known: {known})"
            ) from None

    def names(self) -> list[str]:
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[tuple[str, T]]:
        return iter(sorted(self._entries.items()))


@dataclass(frozen=True)
class PeriodicJob:
    """A callable the scheduler runs every ``every`` seconds; it should only enqueue."""

    every: float
    run: Callable[[], object]


parsers: Registry[Callable] = Registry("parser")
fetchers: Registry[Callable] = Registry("fetcher")
periodic_jobs: Registry[PeriodicJob] = Registry("periodic job")
evaluators: Registry[Callable] = Registry("evaluator")
drafting_backends: Registry[Callable] = Registry("drafting backend")
