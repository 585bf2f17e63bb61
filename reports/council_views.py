from django.shortcuts import render

from referrals import selectors as referral_selectors
from relatieloket.roles import Role, allow


@allow(Role.COUNCIL)
def published_list(request):
    """Start page of council members: the published council reports of their municipality."""
    return render(
        request,
        "reports/published_list.html",
        {"municipalities": referral_selectors.municipalities_for_user(user=request.user)},
    )
