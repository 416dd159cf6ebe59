from __future__ import annotations

import getpass
import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Create (or reset the password of) a desk administrator account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            help="read the password from this environment variable",
        )
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="do not prompt; generate a password and print it if none is given",
        )

    def handle(self, *args, **options) -> None:
        password = None
        if options["password_env"]:
            password = os.environ.get(options["password_env"])
            if not password:
                raise CommandError(f"{options['password_env']} is not set or empty")
        elif options["no_input"]:
            password = secrets.token_urlsafe(12)
            self.stdout.write(f"generated password: {password}")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        if not password:
            raise CommandError("an empty password is not allowed")
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=options["username"], defaults={"email": options["email"]}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        verb = "created" if created else "updated"
        self.stdout.write(
            self.style.SUCCESS(f"admin {user.username} {verb}; sign in at /desk/admin/")
        )
