"""Navigation entries: each app lists its own in its AppConfig as `nav_items`."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from .roles import user_roles


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple
    order: int = 50
    # The entry is active on every page under this URL (default: its own URL), e.g. the
    # council-letter pages under /rapportages/raadsinformatiebrieven/, not the dashboard's.
    section_url_name: str = ""


def nav_for_user(user, current_path=""):
    """The navigation entries the user's roles allow, in order, with the active one marked."""
    roles = user_roles(user)
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if roles & set(item.roles):
                url = reverse(item.url_name)
                section = reverse(item.section_url_name) if item.section_url_name else url
                items.append(
                    {"label": item.label, "url": url, "section": section, "order": item.order}
                )
    # The entry whose section is the longest prefix of the current path is the active one.
    matches = [i for i in items if current_path.startswith(i["section"])]
    active = max(matches, key=lambda i: len(i["section"]), default=None)
    for entry in items:
        entry["active"] = entry is active
    return sorted(items, key=lambda i: i["order"])
