from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from insurance.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load demo people, payers, 3 years of payments, refunds and complaints; print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never on a production database)"
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password: it runs only with DEBUG on."
            )
        printed = {"staff": [], "citizens": []}
        for path in settings.DEMO_SEEDERS:
            for key, value in (import_string(path)() or {}).items():
                printed.setdefault(key, []).extend(value)
        self._print(printed)

    def _print(self, printed):
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data loaded."))
        out.write("")
        out.write(f"Staff (password for all: {DEMO_PASSWORD}) at http://127.0.0.1:8000/admin/ :")
        for username, role in printed["staff"]:
            out.write(f"  {username:<12} {role}")
        out.write("")
        out.write(
            "Citizens at http://127.0.0.1:8000/cabinet/ — log in with the IIN; the SMS code appears at "
            "http://127.0.0.1:8000/dev/outbox/ :"
        )
        for name, iin, phone, story in printed["citizens"]:
            out.write(f"  {iin}  {name:<34} {phone}  {story}")
        for key, lines in printed.items():
            if key in ("staff", "citizens"):
                continue
            out.write("")
            out.write(f"{key}:")
            for line in lines:
                out.write(f"  {line}")
