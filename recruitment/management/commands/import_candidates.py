"""manage.py import_candidates: add a list of candidates to a hiring cycle (see recruitment.imports)."""

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from recruitment import imports
from recruitment.models import HiringCycle, HiringRole, Source

FORMAT = "".join((imports.__doc__ or "").partition("Columns:")[1:])


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keep the file-format description laid out as written."""


class Command(BaseCommand):
    help = (
        "Import candidates from a CSV file into a hiring cycle, from one source; duplicates are detected "
        "on e-mail and name, and nothing is written unless the whole file is valid.\n\n"
        "  manage.py import_candidates nominees.csv --cycle 'Leadership hiring 2027-2028' "
        "--source 'Lesley University' --role principal\n\n" + FORMAT
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs["formatter_class"] = HelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file.")
        parser.add_argument("--cycle", required=True, help="The hiring cycle's name.")
        parser.add_argument("--source", required=True, help="The source's name (e.g. a university).")
        parser.add_argument(
            "--role", choices=HiringRole.values, default="", help="Role for rows without one."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file; write nothing.")

    def handle(self, *, path, cycle, source, role, dry_run, **options):
        cycle_record = HiringCycle.objects.filter(name=cycle).first()
        if cycle_record is None:
            known = ", ".join(HiringCycle.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"No hiring cycle named “{cycle}” (known: {known}).")
        source_record = Source.objects.filter(name=source).first()
        if source_record is None:
            raise CommandError(f"No source named “{source}”; add it in the admin first.")
        try:
            with open(path, "rb") as file:
                report = imports.import_candidates(
                    file, cycle=cycle_record, source_record=source_record, role=role, dry_run=dry_run
                )
        except OSError as e:
            raise CommandError(f"Cannot read {path}: {e.strerror}.") from e
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
        for skipped in report.skipped:
            self.stdout.write(skipped)
