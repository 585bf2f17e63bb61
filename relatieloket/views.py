from django.contrib import messages
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .roles import Role, allow, public, user_roles

# Where each role starts; the first role of a user in this order wins.
START_PAGES = [
    (Role.COUNSELLOR, "intake:start"),
    (Role.COORDINATOR, "intake:start"),
    (Role.POLICY, "reports:start"),
    (Role.COUNCIL, "reports:published_list"),
    (Role.ADMIN, "admin:index"),
]


@allow(*Role)
def home(request):
    """Send each user to the start page of their role."""
    roles = user_roles(request.user)
    for role, url_name in START_PAGES:
        if role in roles:
            return redirect(url_name)
    raise AssertionError("unreachable: allow() lets only users with a role through")


@public
def healthz(request):
    """Liveness and database check for load balancers; reveals nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def confirm_delete(request, *, obj, delete, message, success_url, cancel_url):
    """The shared delete flow: GET asks for confirmation, POST deletes, confirms and redirects.

    `delete` is the service call; `obj` is what the confirmation page names.
    """
    if request.method == "POST":
        delete()
        messages.success(request, message)
        return redirect(success_url)
    return render(request, "confirm_delete.html", {"object": obj, "cancel_url": cancel_url})
