"""seed_demo: load deterministic, idempotent demo data and print the demo logins (see leaderdev.demo)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leaderdev import demo


class Command(BaseCommand):
    help = (
        "Load demo data (a made-up district, its leaders, demo logins): the same --seed always makes "
        "the same data, a second run adds nothing, and a larger --scale only adds to a smaller one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(demo.SCALES), default=demo.DEFAULT_SCALE)
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data (default 1).")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off. The demo logins share a published password.",
        )

    def handle(self, *args, scale, seed, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off, so this looks like production. seed_demo creates logins that share a "
                "published password; pass --allow-production only for a throwaway database, or set "
                "DEBUG=true for development."
            )
        try:
            run = demo.run_seeders(scale=scale, seed=seed, stdout=self.stdout)
        except demo.DemoDataConflict as error:
            raise CommandError(str(error)) from error

        self.stdout.write(f"Demo data, scale {run.scale.name}, seed {run.seed}: {run.elapsed:.1f} s")
        width = max(map(len, run.created), default=0)
        for label, count in run.created.items():
            self.stdout.write(f"  {label:<{width}}  {count:>6} created")
        self._write_table(
            ["E-mail", "Password", "Role", "What they see"],
            [[login.email, demo.DEMO_PASSWORD, login.role, login.sees] for login in run.logins],
        )

    def _write_table(self, header, rows):
        widths = [max(len(row[n]) for row in [header, *rows]) for n in range(len(header))]
        self.stdout.write("\nDemo logins:")
        for n, row in enumerate([header, *rows]):
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
