from __future__ import annotations

import os
import shlex

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from wiredesk.demo.setup import register_sources
from wiredesk.demo.wire_server import WireService
from wiredesk.management.commands.run import add_server_arguments, serve


class Command(BaseCommand):
    help = (
        "Run wiredesk with its demo: a wire service of three fictional agencies on "
        "loopback, polled, clustered, drafted and auto-published."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_server_arguments(parser)
        parser.add_argument(
            "--wire-port",
            type=int,
            default=0,
            help="port of the demo wire service (default: any free port)",
        )

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        wire = WireService().start(port=options["wire_port"])
        sources = register_sources(wire)
        from django.conf import settings

        from wiredesk.demo.mail import start_for_demo

        mail = start_for_demo(settings.HOME, self.stdout.write)
        from wiredesk.demo import editorial  # authors, pieces, briefs, pages

        editorial.seed(self.stdout)
        url = f"http://{options['host']}:{options['port']}/"
        follow_port(settings, options["port"], options["host"])
        digest = digest_command(settings, mail.url)

        def ready() -> None:
            self.stdout.write(
                f"demo wire service: {wire.base_url}/ ({len(sources)} agencies)"
            )
            self.stdout.write(
                f"demo mail catcher: {mail.url} (mails shown here and kept in "
                f"{settings.HOME / 'mail'}; send a digest now with `{digest}` "
                "in another shell)"
            )
            self.stdout.write(self.style.SUCCESS(f"wiredesk demo is running at {url}"))
            self.stdout.write(
                "The agencies' first stories are published; one agency sends an "
                "update of its item, which shows within about a minute and a half "
                "of the demo's first start. Press Ctrl-C to stop."
            )

        try:
            serve(self, options, on_ready=ready)
        finally:
            wire.stop()
            mail.stop()


def follow_port(settings, port: int, host: str = "127.0.0.1") -> None:
    """Absolute links (canonical, feeds, sitemaps, share links) point at the port
    (and host, unless loopback or every address) the demo serves on, unless
    SITE_URL is set: the default names port 8000. Set in the environment too, for
    the worker and scheduler processes it starts."""
    if os.environ.get("SITE_URL"):
        return
    named = host.strip("[]")
    if not named or named in _LOCAL_HOSTS:
        named = "localhost"
    elif ":" in named:  # an IPv6 address
        named = f"[{named}]"
    site = f"http://{named}:{port}"
    os.environ["SITE_URL"] = settings.SITE_URL = site


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::", "::1"}
# The environment a command in another shell needs to act as this demo, when set.
_SHARED_ENV = ("WIREDESK_HOME", "DATABASE_URL", "SITE_TIME_ZONE")


def digest_command(settings, mail_url: str) -> str:
    """The shell command that sends the global digest now, as this demo would.

    A command run in another shell does not inherit the demo's environment:
    without SITE_URL its links would name port 8000 whatever port the demo
    serves on; the demo's home, database and time zone, and the catcher's
    address when it could not take the default port, are passed on the same way."""
    from wiredesk.demo.mail import DEFAULT_PORT

    env = {"SITE_URL": settings.SITE_URL}
    env |= {name: os.environ[name] for name in _SHARED_ENV if os.environ.get(name)}
    if mail_url != f"smtp://127.0.0.1:{DEFAULT_PORT}":
        env["EMAIL_URL"] = mail_url
    assigns = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    return f"{assigns} wiredesk digest --edition global"
