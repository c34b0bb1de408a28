"""Upload a CSV of candidates into a hiring cycle (recruitment staff): check first, then import.

The same import as ``manage.py import_candidates`` (recruitment.imports): "Check the file" runs it as a
dry run and shows what would happen, or every bad line; "Import" writes it, all or nothing.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from leaderdev.permissions import Role, role_required
from leaderdev.uploads import UploadRule

from .. import imports
from ..models import HiringCycle, HiringRole, Source

# A CSV of at most 2 MB (tens of thousands of candidates); larger files are split.
CANDIDATE_FILE_RULE = UploadRule("csv", max_mb=2)


class CandidateImportForm(forms.Form):
    cycle = forms.ModelChoiceField(queryset=HiringCycle.objects.filter(is_active=True), empty_label=None)
    source = forms.ModelChoiceField(
        queryset=Source.objects.filter(is_active=True), help_text="Where these candidates come from."
    )
    role = forms.ChoiceField(
        choices=[("", "Given in the file"), *HiringRole.choices],
        required=False,
        help_text="For rows whose role column is blank or missing.",
    )
    file = forms.FileField(
        validators=[CANDIDATE_FILE_RULE],
        widget=forms.ClearableFileInput(attrs={"accept": CANDIDATE_FILE_RULE.accept}),
        help_text="A CSV file (UTF-8) with first_name, last_name and email columns, at most 2 MB; "
        "split a larger one.",
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.RECRUITMENT_STAFF)
def candidate_import(request):
    form = CandidateImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = "import" not in request.POST
        report = imports.import_candidates(
            form.cleaned_data["file"],
            cycle=form.cleaned_data["cycle"],
            source_record=form.cleaned_data["source"],
            role=form.cleaned_data["role"],
            user=request.user,
            dry_run=dry_run,
        )
        if report.ok and not dry_run:
            messages.success(request, f"Imported: {report.summary()}")
            return redirect("recruitment:candidate_import")
    return render(
        request,
        "recruitment/imports/candidate_import.html",
        {"form": form, "report": report, "columns": imports.REQUIRED + imports.OPTIONAL},
    )


urlpatterns = [path("candidates/import/", candidate_import, name="candidate_import")]
