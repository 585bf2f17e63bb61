"""The portal's apps in layers, top to bottom (docs/architecture.md says why).

An app imports only from its own layer's app itself and from the layers below it, never from
one above: the arrows point down. `relatieloket/tests/test_structure.py` checks every import,
also those inside functions; `seed_demo` loads the demo data bottom-up in this order, so an
app's demo finds the data of the apps it builds on.
"""

LAYERS = [
    # Operations: retention and the checks after a restore (which read the open-data files).
    ("operations",),
    # The edges: public pages and open data, municipal login.
    ("public", "municipal_login"),
    # Dashboards, exports, council letters.
    ("reports",),
    # The pilot's evaluation: scores, follow-up, its letter template.
    ("evaluation",),
    # Desks, walk-in hours, visits, trajects, and the desks' figures per month.
    ("intake",),
    # Municipalities, organisations, referrals, partner returns.
    ("referrals",),
    # The project package: settings, roles, login, middleware, shared forms, views and caching.
    ("relatieloket",),
    # The audit trail, which every app writes to.
    ("audit",),
]

PORTAL_APPS = frozenset(app for layer in LAYERS for app in layer)


def layer_of(app):
    """The depth of an app's layer: 0 at the top; None for an app that is not the portal's."""
    for depth, layer in enumerate(LAYERS):
        if app in layer:
            return depth
    return None
