"""Council reports (raadsinformatiebrieven): policy staff compose and publish, council members read.

Scoped reads live at the top of this module: a report of another municipality, or a draft for a
council member, gives 404 (the same answer as for a report that does not exist).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from evaluation.letter import letter_templates, template_fields
from referrals import selectors as referral_selectors
from referrals.validators import sensible_date_formfield
from relatieloket.forms import add_service_errors
from relatieloket.roles import Role, allow, has_role

from . import services
from .constants import BlockKind, QuestionGrouping
from .letter import HEADING_KEYS, alternatives, block_problems, letter_snapshot
from .letter.plan import Plan, plan_periods
from .models import CouncilReport, Indicator, PublicationPlan
from .pdf import render_report_html

# --- scoped reads --------------------------------------------------------------------------


def reports_for_user(*, user):
    """All council reports (drafts and published) of the user's municipalities."""
    return CouncilReport.objects.filter(
        municipality__in=referral_selectors.municipalities_for_user(user=user)
    ).select_related("municipality", "replaces", "replaced_by")


def published_for_user(*, user):
    return reports_for_user(user=user).filter(status=CouncilReport.Status.PUBLISHED)


def _draft_or_404(request, pk):
    return get_object_or_404(
        reports_for_user(user=request.user).filter(status=CouncilReport.Status.DRAFT), pk=pk
    )


# --- forms ---------------------------------------------------------------------------------

HEADING_HELP = {
    "reason": gettext_lazy(
        "Why the council receives this letter, e.g. the motion or commitment it answers."
    ),
    "information": gettext_lazy(
        "The information to share. Figure blocks with generated sentences appear below this text."
    ),
    "next_steps": gettext_lazy("What happens after this letter."),
    "costs": gettext_lazy("The costs of the process, or 'Niet van toepassing'."),
    "decisions": gettext_lazy("Earlier decisions and letters this letter relates to."),
}


class CouncilReportForm(forms.ModelForm):
    class Meta:
        model = CouncilReport
        fields = services.EDITABLE_FIELDS
        # Periods and dates within the sensible range: year 1 or 9999 is a form error.
        formfield_callback = sensible_date_formfield
        widgets = {key: forms.Textarea(attrs={"rows": 5}) for key in HEADING_KEYS}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = referral_selectors.municipalities_for_user(user=user)
        for key, heading in CouncilReport.HEADINGS:
            self.fields[key].label = heading
            self.fields[key].help_text = HEADING_HELP[key]
        letter = ["municipality", "title", "period_start", "period_end"]
        if self.instance.pk is None:
            # A new letter may start from a template: its blocks in order, its texts.
            self.fields["template"] = forms.ChoiceField(
                label=_("Template"),
                required=False,
                choices=[
                    ("", _("None: choose the figure blocks yourself")),
                    *((value, label) for value, (label, *_rest) in letter_templates().items()),
                ],
                help_text=_(
                    "Evaluation: reach, process, experience, effect, cost per traject and what "
                    "the figures cannot show, in that order."
                ),
            )
            letter.append("template")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Letter"), *letter),
            Fieldset(_("Letterhead"), "reference", "contact_person", "contact_team"),
            Fieldset(
                _("Motion or commitment answered"),
                "answer_kind",
                "answer_title",
                "answer_number",
                "answer_date",
            ),
            Fieldset(_("Headings"), *HEADING_KEYS),
            Fieldset(
                _("Signature: Burgemeester en wethouders"), "signed_secretary", "signed_mayor"
            ),
        )


class PeriodProposalForm(forms.Form):
    """A period proposed by the preview (the same letter over aligned periods)."""

    period_start = forms.DateField(input_formats=["%Y-%m-%d"])
    period_end = forms.DateField(input_formats=["%Y-%m-%d"])

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError(_("The end of the period must be on or after its start."))
        return data


class PublicationPlanForm(forms.ModelForm):
    class Meta:
        model = PublicationPlan
        fields = ["grain", "months", "first_period_start"]
        formfield_callback = sensible_date_formfield
        widgets = {"grain": forms.RadioSelect}
        help_texts = {
            "grain": gettext_lazy(
                "Letters over whole periods of the plan give their figures over time per plan "
                "period, so that an annual letter is the sum of the published parts and gives "
                "no small count away by subtraction. A letter over another period (an interim "
                "letter up to November) is still protected, but may state its totals as a band."
            ),
            "months": gettext_lazy(
                "Only for a period of its own: how many months each period lasts, e.g. 4 for "
                "a letter every four months."
            ),
            "first_period_start": gettext_lazy(
                "Only for a period of its own: the first day of a period, e.g. 1-10-2023 when "
                "the pilot started in October; the periods repeat from there."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grain"].choices = PublicationPlan.Grain.choices
        self.fields["months"].widget.attrs.update(min=1, max=PublicationPlan.MAX_MONTHS)
        self.helper = FormHelper()
        self.helper.form_tag = False


class BlockForm(forms.Form):
    heading = forms.ChoiceField(label=gettext_lazy("Under heading"), choices=CouncilReport.HEADINGS)
    kind = forms.ChoiceField(label=gettext_lazy("Figure"), choices=BlockKind.choices)
    grouping = forms.ChoiceField(
        label=gettext_lazy("Grouping of the questions"),
        choices=QuestionGrouping.choices,
        required=False,
        help_text=gettext_lazy("Only for the block of questions in groups."),
    )
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator"), queryset=Indicator.objects.none(), required=False
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            municipality=report.municipality
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


# --- policy staff --------------------------------------------------------------------------


@allow(Role.POLICY)
def council_list(request):
    return render(
        request,
        "reports/council/list.html",
        {
            "reports": reports_for_user(user=request.user).order_by(
                "municipality__name", "-updated_at"
            ),
            "plans": [
                (municipality, Plan.of(getattr(municipality, "publication_plan", None)))
                for municipality in referral_selectors.municipalities_for_user(
                    user=request.user
                ).select_related("publication_plan")
            ],
        },
    )


@allow(Role.POLICY)
def council_create(request):
    form = CouncilReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            fields = template_fields(fields.pop("template", ""), fields)
            report = services.report_create(actor=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft council report has been saved."))
            return redirect("reports:council_edit", pk=report.pk)
    return render(request, "reports/council/form.html", {"form": form, "report": None})


@allow(Role.POLICY)
def council_edit(request, pk):
    report = _draft_or_404(request, pk)
    # The preview's "same letter over another period" fills the form; saving keeps it.
    proposed = PeriodProposalForm(request.GET) if "period_start" in request.GET else None
    initial = proposed.cleaned_data if proposed is not None and proposed.is_valid() else None
    form = CouncilReportForm(
        request.POST or None, instance=report, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft council report has been saved."))
            return redirect("reports:council_edit", pk=report.pk)
    labels = dict(CouncilReport.HEADINGS)
    kinds = dict(BlockKind.choices)
    groupings = dict(QuestionGrouping.choices)
    blocks = [
        {
            "index": i,
            "heading": labels.get(b.get("heading"), "?"),
            "kind": kinds.get(b.get("kind"), b.get("kind")),
            "grouping": groupings.get(b.get("grouping"))
            or (_("only what the figures cannot show") if b.get("part") == "limitations" else None),
        }
        for i, b in enumerate(report.blocks)
    ]
    return render(
        request,
        "reports/council/form.html",
        {
            "form": form,
            "report": report,
            "blocks": blocks,
            "block_problems": block_problems(report=report),
            "block_form": BlockForm(report=report),
            "proposed": initial,
        },
    )


@allow(Role.POLICY)
@require_POST
def council_block_add(request, pk):
    report = _draft_or_404(request, pk)
    form = BlockForm(request.POST, report=report)
    if form.is_valid():
        try:
            services.report_block_add(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The figure block has been added."))
    else:
        messages.error(request, _("Choose a heading and a figure."))
    return redirect("reports:council_edit", pk=report.pk)


@allow(Role.POLICY)
@require_POST
def council_block_change(request, pk, index):
    report = _draft_or_404(request, pk)
    action = request.POST.get("action")
    try:
        if action == "remove":
            services.report_block_remove(actor=request.user, report=report, index=index)
            messages.success(request, _("The figure block has been removed."))
        else:
            offset = -1 if action == "up" else 1
            services.report_block_move(
                actor=request.user, report=report, index=index, offset=offset
            )
            messages.success(request, _("The figure block has been moved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:council_edit", pk=report.pk)


@allow(Role.POLICY)
def council_preview(request, pk):
    report = _draft_or_404(request, pk)
    problems = block_problems(report=report)
    composition = None if problems else letter_snapshot(report=report)
    return render(
        request,
        "reports/council/preview.html",
        {
            "report": report,
            "problems": problems or composition.problems,
            "composition": composition,
            "alternatives": alternatives(report=report, composition=composition)
            if composition
            else [],
            "letter": render_report_html(report=report, snapshot=composition.snapshot, draft=True)
            if composition
            else "",
        },
    )


@allow(Role.POLICY)
def council_publish(request, pk):
    report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
    if report.is_published:
        # A second click on "publish" lands here: the frozen version is simply shown.
        return redirect("reports:published_detail", pk=report.pk)
    if request.method == "POST":
        try:
            report = services.report_publish(report=report, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reports:council_edit", pk=report.pk)
        messages.success(request, _("The council report has been published."))
        return redirect("reports:published_detail", pk=report.pk)
    return render(request, "reports/council/publish.html", {"report": report})


@allow(Role.POLICY)
def council_correct(request, pk):
    report = get_object_or_404(published_for_user(user=request.user), pk=pk)
    if request.method == "POST":
        try:
            correction = services.report_correct(actor=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reports:published_detail", pk=report.pk)
        messages.success(
            request,
            _("Version %(version)s has been created as a draft correction.")
            % {"version": correction.version},
        )
        return redirect("reports:council_edit", pk=correction.pk)
    return render(request, "reports/council/correct.html", {"report": report})


@allow(Role.POLICY)
def council_delete(request, pk):
    report = _draft_or_404(request, pk)
    if request.method == "POST":
        services.report_delete(actor=request.user, report=report)
        messages.success(request, _("The draft council report has been deleted."))
        return redirect("reports:council_list")
    return render(
        request,
        "confirm_delete.html",
        {"object": report, "cancel_url": reverse("reports:council_edit", kwargs={"pk": report.pk})},
    )


@allow(Role.POLICY)
def council_plan(request, municipality):
    """The publication plan of one of the user's municipalities: a form, then a confirmation
    that says which periods the plan makes, then the save."""
    municipality = get_object_or_404(
        referral_selectors.municipalities_for_user(user=request.user), pk=municipality
    )
    plan = PublicationPlan.objects.filter(municipality=municipality).first()
    form = PublicationPlanForm(
        request.POST or None, instance=plan or PublicationPlan(municipality=municipality)
    )
    confirming = None
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        if request.POST.get("confirm") == "1":
            try:
                services.plan_save(
                    actor=request.user, municipality=municipality, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The publication plan of %(municipality)s has been saved.")
                    % {"municipality": municipality.name},
                )
                return redirect("reports:council_list")
        else:
            confirming = plan_periods(Plan.of(form.instance))
    return render(
        request,
        "reports/council/plan.html",
        {
            "form": form,
            "municipality": municipality,
            "plan": Plan.of(plan),
            "confirming": confirming,
            "proposed": Plan.of(form.instance) if confirming else None,
        },
    )


# --- council members (and policy staff) ----------------------------------------------------


@allow(Role.COUNCIL, Role.POLICY)
def published_list(request):
    """Start page of council members: the published council reports of their municipality."""
    return render(
        request,
        "reports/council/published_list.html",
        {
            "municipalities": referral_selectors.municipalities_for_user(user=request.user),
            "reports": published_for_user(user=request.user).order_by("-published_at"),
        },
    )


@allow(Role.COUNCIL, Role.POLICY)
def published_detail(request, pk):
    report = get_object_or_404(published_for_user(user=request.user), pk=pk)
    return render(
        request,
        "reports/council/published_detail.html",
        {"report": report, "perms_policy": has_role(request.user, Role.POLICY)},
    )


@allow(Role.COUNCIL, Role.POLICY)
def published_pdf(request, pk):
    report = get_object_or_404(published_for_user(user=request.user), pk=pk)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    filename = (
        f"raadsinformatiebrief-{report.municipality.name}-"
        f"{report.published_at:%Y-%m-%d}-v{report.version}.pdf"
    ).replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
