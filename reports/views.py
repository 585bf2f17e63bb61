from django.shortcuts import render

from referrals import selectors as referral_selectors
from relatieloket.roles import Role, allow


@allow(Role.POLICY)
def start(request):
    """Start page of policy staff: the network in their municipalities."""
    municipalities = referral_selectors.municipalities_for_user(user=request.user)
    return render(
        request,
        "reports/start.html",
        {
            "municipalities": municipalities,
            "organisation_counts": referral_selectors.organisation_counts_by_kind(
                municipalities=municipalities
            ),
        },
    )
