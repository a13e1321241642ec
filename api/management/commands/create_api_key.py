"""``manage.py create_api_key NAME --scopes …`` (DESIGN "Public contract"): prints the key once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from api.keys import api_key_create
from api.models import Scope


class Command(BaseCommand):
    help = (
        "Create an API key for a system client and print it once (clients send “Authorization: Api-Key KEY”)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the system client, e.g. egov-gateway")
        parser.add_argument(
            "--scopes", nargs="+", required=True, metavar="SCOPE", help="any of: " + ", ".join(Scope.values)
        )
        parser.add_argument("--rate-limit", type=int, default=600, help="requests per minute (default 600)")

    @no_translations  # an operator's console speaks English, like the rest of this command's output
    def handle(self, *args, name, scopes, rate_limit, **options):
        scopes = [scope for value in scopes for scope in value.replace(",", " ").split()]
        try:
            new = api_key_create(name=name, scopes=scopes, rate_limit_per_minute=rate_limit)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(
            f"API key {new.api_key.name} ({new.api_key.prefix}), scopes: {', '.join(new.api_key.scopes)}"
        )
        self.stderr.write("Store it now: it is shown only once.")
        self.stdout.write(new.raw_key)
