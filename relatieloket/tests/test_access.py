"""Deny by default: every named URL declares its roles, and every other role is refused."""

from importlib import import_module

import pytest
from django.urls import resolve, reverse

from relatieloket.roles import Role, declared_access
from relatieloket.testing import iter_named_urls, iter_unnamed_urls

# Named URLs outside the role system: Django's admin checks is_staff and model permissions.
EXEMPT_NAMESPACES = ("admin",)


def _collect_url_kwargs():
    """URL name -> function(world) -> kwargs, for URLs with parameters.

    Each app lists its own in `<app>/tests/access_kwargs.py` as `URL_KWARGS`. A URL with
    parameters that is missing there fails the matrix test, so every new view is covered.
    """
    collected = {}
    for app in ("relatieloket", "referrals", "intake", "reports", "public", "evaluation"):
        try:
            module = import_module(f"{app}.tests.access_kwargs")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.tests.access_kwargs":
                raise
            continue
        collected.update(module.URL_KWARGS)
    return collected


URL_KWARGS = _collect_url_kwargs()


def _project_urls():
    return [
        (name, route, callback, converters)
        for name, route, callback, converters in iter_named_urls()
        if name.split(":")[0] not in EXEMPT_NAMESPACES
    ]


@pytest.fixture
def world(db):
    """A small world in which every role user has a scope: one desk in Dordrecht.

    The functions of URL_KWARGS create the objects they need inside this world.
    """
    from intake.models import Desk
    from referrals.models import Municipality, Organisation

    municipality = Municipality.objects.get(cbs_code="GM0505")
    organisation = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    desk = Desk.objects.create(
        name="Testloket", municipality=municipality, organisation=organisation
    )
    desk.organisations.add(organisation)
    return {"municipality": municipality, "desk": desk, "organisation": organisation}


def _users(make_user, world):
    scope = {"desks": [world["desk"]], "municipalities": [world["municipality"]]}
    users = {role: make_user(role, **scope) for role in Role}
    for user in users.values():
        user.organisations.add(world["organisation"])
    return users


def test_every_view_declares_its_roles():
    missing = [name for name, _r, cb, _c in _project_urls() if declared_access(cb) is None]
    assert missing == [], f"views without allow()/public(): {missing}"


def test_every_url_has_a_name_so_the_matrix_reaches_it():
    assert list(iter_unnamed_urls()) == []


def test_every_url_with_parameters_has_sample_kwargs():
    missing = [name for name, _r, _cb, conv in _project_urls() if conv and name not in URL_KWARGS]
    assert missing == [], f"add these URL names to URL_KWARGS: {missing}"


def test_access_matrix(client, make_user, world):
    users = _users(make_user, world)
    urls = _project_urls()
    assert len(urls) >= 5
    failures = []
    for name, _route, callback, _conv in urls:
        kwargs = URL_KWARGS[name](world) if name in URL_KWARGS else {}
        url = reverse(name, kwargs=kwargs)
        allowed, is_public = declared_access(callback)
        assert resolve(url).view_name == name

        client.logout()
        response = client.get(url)
        if is_public:
            if response.status_code >= 400 and response.status_code != 405:
                failures.append((name, "anonymous", response.status_code))
        elif response.status_code != 302 or "/inloggen/" not in response["Location"]:
            failures.append((name, "anonymous", response.status_code))

        for role, user in users.items():
            client.force_login(user)
            response = client.get(url)
            ok = response.status_code in (200, 302, 405)
            if (role in allowed) != ok or (role not in allowed and response.status_code != 403):
                failures.append((name, role.value, response.status_code))
    assert failures == [], failures


def test_refused_roles_cannot_post_either(client, make_user, world):
    """A POST by a refused role is stopped before the view runs: 403, nothing changes."""
    users = _users(make_user, world)
    failures = []
    for name, _route, callback, _conv in _project_urls():
        allowed, is_public = declared_access(callback)
        if is_public:
            continue
        kwargs = URL_KWARGS[name](world) if name in URL_KWARGS else {}
        url = reverse(name, kwargs=kwargs)
        client.logout()
        response = client.post(url, {})
        if response.status_code != 302 or "/inloggen/" not in response["Location"]:
            failures.append((name, "anonymous", response.status_code))
        for role, user in users.items():
            if role in allowed:
                continue
            client.force_login(user)
            status = client.post(url, {}).status_code
            if status != 403:
                failures.append((name, role.value, status))
    assert failures == [], failures


def test_a_user_without_a_role_is_refused_everywhere(client, make_user, world):
    client.force_login(make_user(None))
    for name, _route, callback, _conv in _project_urls():
        allowed, is_public = declared_access(callback)
        if is_public:
            continue
        kwargs = URL_KWARGS[name](world) if name in URL_KWARGS else {}
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_only_the_functional_admin_reaches_the_admin(client, make_user, world):
    users = _users(make_user, world)
    for role, user in users.items():
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        if role == Role.ADMIN:
            assert response.status_code == 200
            assert b"Organisaties" in response.content or b"Organisations" in response.content
        else:
            assert response.status_code == 302 and "login" in response["Location"], role


def test_functional_admin_can_edit_configuration_but_counsellor_cannot(make_user, world):
    admin_user = make_user(Role.ADMIN)
    counsellor = make_user(Role.COUNSELLOR)
    assert admin_user.has_perm("referrals.change_organisation")
    assert admin_user.has_perm("intake.add_desk")
    assert admin_user.has_perm("relatieloket.change_user")
    assert not counsellor.has_perm("referrals.change_organisation")
    assert not counsellor.has_perm("intake.add_desk")
