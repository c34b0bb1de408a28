"""manage.py import_hr: load HR's school list or staff export (see leaderdev.imports for the formats)."""

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from leaderdev import imports

IMPORTERS = {"schools": imports.import_schools, "staff": imports.import_staff}
# The file formats and the all-or-nothing rule, as leaderdev.imports documents them.
FORMATS = "".join((imports.__doc__ or "").partition("File format\n")[1:])


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keep the file-format description laid out as written."""


class Command(BaseCommand):
    help = (
        "Import schools or staff from an HR CSV export: every bad row is reported with its line number, "
        "and nothing is written unless the whole file is valid.\n\n"
        "  manage.py import_hr schools schools.csv\n"
        "  manage.py import_hr staff staff.csv --dry-run\n\n"
        "Import schools before staff: a staff row names its school by school_code.\n\n" + FORMATS
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs["formatter_class"] = HelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="What the file holds.")
        parser.add_argument("path", help="The CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would change; write nothing."
        )

    def handle(self, *, kind, path, dry_run, **options):
        try:
            with open(path, "rb") as file:
                report = IMPORTERS[kind](file, dry_run=dry_run)
        except OSError as e:
            raise CommandError(f"Cannot read {path}: {e.strerror}.") from e
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(f"{kind.capitalize()}: {report.summary()}"))
        for note in report.notes:
            self.stdout.write(note)
