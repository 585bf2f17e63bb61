"""Demo desks and locations from the seed documents."""

from datetime import time

from django.contrib.auth import get_user_model

from referrals.models import Municipality, Organisation

from .constants import Weekday
from .models import Desk, Location, WeeklyHour

SKO = "Adviespunt Scheiden, Kind en Ouderschap"

# desk, municipality, network node, run by, staff, [(location, address, [(weekday, start, end)])]
DESKS = [
    (
        "Relatieloket Hendrik-Ido-Ambacht",
        "GM0531",
        "Relatieloket Hendrik-Ido-Ambacht",
        ["Stichting De Vluchtheuvel", SKO],
        ["hulpverlener-hia"],
        [("Relatieloket Hendrik-Ido-Ambacht", "", [])],
    ),
    (
        "Adviespunt SKO Dordrecht",
        "GM0505",
        SKO,
        [SKO, "Dordrecht Sociaal – Sociaal Wijkteam"],
        ["hulpverlener", "coordinator"],
        # "In Dordrecht is dit op vrijdag van 10.00 uur tot 12.00 uur aan de Brouwersdijk."
        [("Brouwersdijk", "Brouwersdijk, Dordrecht", [(Weekday.FRIDAY, time(10), time(12))])],
    ),
    ("Adviespunt SKO Zwijndrecht", "GM0642", SKO, [SKO], [], [("Zwijndrecht", "", [])]),
    ("Adviespunt SKO Papendrecht", "GM0590", SKO, [SKO], [], [("Papendrecht", "", [])]),
]


def seed(*, password=None, stdout=None):
    User = get_user_model()
    for name, code, node, run_by, staff, locations in DESKS:
        desk, _ = Desk.objects.update_or_create(
            name=name,
            defaults={
                "municipality": Municipality.objects.get(cbs_code=code),
                "organisation": Organisation.objects.get(name=node),
            },
        )
        desk.organisations.set(Organisation.objects.filter(name__in=run_by))
        desk.staff.add(*User.objects.filter(username__in=staff))
        for loc_name, address, hours in locations:
            location, _ = Location.objects.update_or_create(
                desk=desk, name=loc_name, defaults={"address": address}
            )
            for weekday, start, end in hours:
                WeeklyHour.objects.get_or_create(
                    location=location, weekday=weekday, start=start, end=end
                )
