"""Reading the labelled data sets that `wiredesk eval` measures against.

Every evaluation reads JSON lines; errors name the file and line, so a user running
an evaluation on their own data sees exactly which record is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


class DatasetError(ValueError):
    """A data set file that cannot be read; the message names the file and line."""


def json_lines(path: Path, what: str = "articles") -> Iterator[tuple[str, dict]]:
    """("file:line", object) for each non-blank line of a JSON-lines file."""
    try:
        with path.open(encoding="utf-8-sig") as lines:  # a BOM is no error
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DatasetError(
                        f"{where}: not a JSON object: {exc.msg}"
                    ) from None
                if not isinstance(row, dict):
                    raise DatasetError(f"{where}: not a JSON object")
                yield where, row
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read {what}: {exc}") from exc


def text_field(row: dict, name: str, where: str, *, required: bool = False) -> str:
    """A string field; missing or empty is "" unless ``required``."""
    value = row.get(name)
    if value is None or value == "":
        if required:
            raise DatasetError(f"{where}: missing field {name!r}")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DatasetError(f"{where}: field {name!r} must be a string")
    return str(value)
