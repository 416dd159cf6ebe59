"""The `wiredesk` command: one entry point over Django's management commands."""

from __future__ import annotations

import os
import sys

# Django's own commands that a wiredesk operator needs, shown in `wiredesk --help`
# beside wiredesk's commands. Every other Django command still works when named.
OPERATOR_COMMANDS = (
    "migrate",
    "createsuperuser",
    "changepassword",
    "db_worker",
    "shell",
    "dbshell",
    "check",
    "collectstatic",
)


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def command_summaries() -> list[tuple[str, str]]:
    """(name, one-line help) of wiredesk's sub-commands and the operator commands."""
    from django.core.management import get_commands, load_command_class

    rows = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("wiredesk") or name in OPERATOR_COMMANDS:
            command = load_command_class(app, name)
            rows.append((name, _first_line(command.help)))
    return rows


def print_help() -> None:
    rows = command_summaries()
    width = max(len(name) for name, _ in rows)
    print("usage: wiredesk <command> [options]\n")
    print("wiredesk turns agency wires into a published news site.\n")
    print("commands:")
    for name, summary in rows:
        print(f"  {name.ljust(width)}  {summary}")
    print("\n`wiredesk <command> --help` describes a command and its options.")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    import django

    django.setup()
    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"}:
        print_help()
        return
    from django.core.management import execute_from_command_line

    argv[0] = "wiredesk"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
