from django.core.management.base import BaseCommand

from complaints.services import complaints_enforce


class Command(BaseCommand):
    help = (
        "One run of the complaint deadline enforcement (R10.2, R10.3, R10.7): forward body-route complaints "
        "on their last day, mark missed deadlines, remind reviewers a working day before."
    )

    def handle(self, *args, **options):
        result = complaints_enforce()
        self.stdout.write(
            f"forwarded: {len(result.forwarded)}, marked overdue: {len(result.overdue)}, "
            f"reminders: {len(result.reminded)}, failed: {len(result.failed)}"
        )
        for label, numbers in (
            ("forwarded", result.forwarded),
            ("overdue", result.overdue),
            ("reminded", result.reminded),
            ("failed", result.failed),
        ):
            for number in numbers:
                self.stdout.write(f"  {label}: {number}")
        if result.failed:
            raise SystemExit(1)
