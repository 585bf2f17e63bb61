"""The anonymous questionnaire: the invitation with its QR code, and the form a resident
fills in."""

import segno
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relatieloket.forms import add_service_errors
from relatieloket.roles import DESK_ROLES, allow, public

from .. import selectors, services
from ..forms import (
    FeedbackForm,
)
from ..models import FeedbackInvitation

# --- feedback -------------------------------------------------------------------------------


@allow(*DESK_ROLES)
@require_POST
def feedback_invite(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    invitation = services.feedback_invitation_create(
        actor=request.user, desk=visit.desk, visit=visit
    )
    return redirect("intake:feedback_invitation", pk=invitation.pk)


@allow(*DESK_ROLES)
def feedback_invitation(request, pk):
    invitation = get_object_or_404(
        FeedbackInvitation.objects.filter(desk__in=selectors.desks_for_user(user=request.user)),
        pk=pk,
    )
    url = request.build_absolute_uri(reverse("intake:feedback_form", args=[invitation.token]))
    qr_svg = segno.make(url, error="m").svg_inline(
        scale=5, title=_("QR code of the questionnaire link")
    )
    return render(
        request,
        "intake/feedback_invitation.html",
        {"invitation": invitation, "url": url, "qr_svg": qr_svg},
    )


@public
def feedback_form(request, token):
    """The anonymous questionnaire: no login, the link works once."""
    invitation = FeedbackInvitation.objects.filter(token=token, used_at__isnull=True).first()
    if invitation is None:
        return render(request, "intake/feedback_closed.html", status=404)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(token=token, **form.cleaned_data)
        except services.InvitationUsed:
            return render(request, "intake/feedback_closed.html", status=404)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "intake/feedback_thanks.html")
    return render(request, "intake/feedback_form.html", {"form": form})
