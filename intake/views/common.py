"""What the intake pages share: paging, posted data, a referral added from a visit or
traject."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import services
from ..forms import (
    ReferralForm,
)

PAGE_SIZE = 25


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def posted(request):
    """The POST data, also when empty: `request.POST or None` would leave an empty form unbound."""
    return request.POST if request.method == "POST" else None


def outbound_referral_post(request, owner, redirect_to):
    form = ReferralForm(request.POST, desk=owner.desk)
    if form.is_valid():
        try:
            services.outbound_referral_create(
                actor=request.user,
                owner=owner,
                to_organisation=form.cleaned_data["to_organisation"],
                warm_handover=form.cleaned_data["warm_handover"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Referral recorded."))
    else:
        messages.error(request, _("Choose the organisation the resident was referred to."))
    return redirect(redirect_to)
