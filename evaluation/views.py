"""Views of the evaluation app: the counsellor's scores on a traject, its printable card, and
the follow-up page a resident opens with the card's code (no login, no cookie, no script)."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from intake.selectors import traject_get_for_user
from relatieloket.public_pages import page_language
from relatieloket.roles import DESK_ROLES, allow, public
from relatieloket.views import form_service_call

from . import selectors, services
from .forms import FollowUpForm, ScoresForm


@allow(*DESK_ROLES)
def traject_scores(request, pk):
    """Goal and the scores of both partners at the first or the last session, on one form."""
    traject = traject_get_for_user(user=request.user, pk=pk)
    summary = selectors.traject_summary(traject)
    instrument = summary["instrument"]
    if instrument is None:
        messages.error(request, _("No instrument is set up; ask the functional admin."))
        return redirect("intake:traject_detail", pk=pk)
    form = ScoresForm(
        request.POST or None,
        instrument=instrument,
        items=summary["items"],
        initial={"goal": summary["goal"], "moment": summary["next_moment"]},
    )

    @transaction.atomic  # both partners or nothing
    def save(data):
        if data["goal"] and data["goal"] != summary["goal"]:
            services.traject_goal_set(user=request.user, traject=traject, goal=data["goal"])
        for respondent, scores in form.scores.items():
            services.measurement_record(
                user=request.user,
                traject=traject,
                moment=data["moment"],
                respondent=respondent,
                scores=scores,
                instrument=instrument,
                date=data["date"],
            )

    if response := form_service_call(
        request,
        form,
        save,
        message=_("Evaluation saved."),
        success=reverse("intake:traject_detail", args=[pk]),
    ):
        return response
    return render(
        request,
        "evaluation/traject_scores.html",
        {"traject": traject, "form": form, "summary": summary},
    )


def follow_up_url(request):
    return request.build_absolute_uri(reverse("follow_up:form"))


def follow_up_qr(url):
    return segno.make(url, error="m").svg_inline(scale=4, title=_("QR code of the follow-up page"))


@allow(*DESK_ROLES)
def traject_card(request, pk):
    """The card for the couple, to print: the code and where to answer the follow-up."""
    traject = traject_get_for_user(user=request.user, pk=pk)
    url = follow_up_url(request)
    return render(
        request,
        "evaluation/traject_card.html",
        {"traject": traject, "url": url, "qr_svg": follow_up_qr(url)},
    )


# CSRF: the page sets no cookie, so Django's token (a cookie) cannot be used. There is no
# session to abuse either: a submission needs the code on the card, the form posts to the
# same origin only (CSP form-action 'self'), and the site-wide rate limit holds.
@public
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request):
    """The follow-up page: a resident enters the card's code and answers. Dutch unless the
    link asks for English (?lang=en), as the public pages."""
    lang = page_language(request)
    with translation.override(lang):
        response = _follow_up(request, lang)
        response.headers.setdefault("Content-Language", lang)
    return response


def _follow_up(request, lang):
    instrument = services.default_instrument()
    items = list(instrument.items.order_by("position")) if instrument else []
    form = FollowUpForm(request.POST or None, items=items)
    suffix = "?lang=en" if lang == "en" else ""
    context = {
        "form": form,
        "links": {"nl": reverse("follow_up:form"), "en": reverse("follow_up:form") + "?lang=en"},
        "action": reverse("follow_up:form") + suffix,
        "lang_suffix": suffix,
    }
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.follow_up_submit(
                    code=data["code"],
                    scores=form.scores(),
                    still_together=data["still_together"],
                    separated_as_wished=data["separated_as_wished"],
                    would_recommend=data["would_recommend"],
                )
            except services.FollowUpBusy:
                context["busy"] = True
                status = 429
            except (services.FollowUpRefused, ValidationError):
                context["refused"] = True
                status = 400
            else:
                return render(request, "evaluation/follow_up_thanks.html", context)
        else:
            status = 400
    return render(request, "evaluation/follow_up.html", context, status=status)
