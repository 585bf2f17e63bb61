"""The instrument the portal ships: the CSI-4, a brief couples instrument free for clinical use.

Funk & Rogge (2007) built the Couples Satisfaction Index with item response theory and give a
32-, 16- and 4-item version. The CSI-4's first item is scored 0–6, the other three 0–5: a total
of 0–21, higher is more satisfied; a total below 13.5 suggests notable relationship
dissatisfaction (the authors' cut-off). Its internal consistency is high (alpha .94), so the
reliable change is computed with Jacobson–Truax from that reliability and the standard
deviation of the start totals. The Dutch wording is the portal's own translation (no
validated Dutch version was found); the English items are the authors'. ORS/SRS are not
shipped: they need a licence for electronic use by an organisation, which can register them
in the admin with its own items.
"""

CSI_4 = {
    "name": "CSI-4 (Couples Satisfaction Index, 4 items)",
    "source": (
        "Funk, J. L., & Rogge, R. D. (2007). Testing the ruler with item response theory: "
        "Increasing precision of measurement for relationship satisfaction with the Couples "
        "Satisfaction Index. Journal of Family Psychology, 21(4), 572–583. "
        "doi:10.1037/0893-3200.21.4.572"
    ),
    "licence": (
        "Described by its authors as free for research and clinical use; no licence needed. "
        "Dutch wording: the portal's own translation."
    ),
    "licence_required": False,
    "scoring": (
        "Total = the sum of the four items (item 1: 0–6, items 2–4: 0–5), range 0–21; higher "
        "is more satisfied. Cut-off 13.5 (below: notable dissatisfaction). Reliable change "
        "(Jacobson & Truax 1991): 1.96 × √2 × SD × √(1 − r), with r = 0.94 and SD the standard "
        "deviation of the start totals."
    ),
    "higher_is_better": True,
    "cutoff": "13.50",
    "reliable_change_threshold": None,
    "reliability": "0.940",
    "standard_deviation": None,
    "is_default": True,
    "items": [
        {
            "position": 1,
            "text_en": (
                "Please indicate the degree of happiness, all things considered, of your "
                "relationship."
            ),
            "text_nl": "Hoe gelukkig bent u, alles bij elkaar, in uw relatie?",
            "scale_min": 0,
            "scale_max": 6,
            "anchor_min_en": "extremely unhappy",
            "anchor_min_nl": "heel erg ongelukkig",
            "anchor_max_en": "perfect",
            "anchor_max_nl": "volmaakt",
        },
        {
            "position": 2,
            "text_en": "I have a warm and comfortable relationship with my partner.",
            "text_nl": "Ik heb een warme en fijne relatie met mijn partner.",
            "scale_min": 0,
            "scale_max": 5,
            "anchor_min_en": "not at all true",
            "anchor_min_nl": "helemaal niet waar",
            "anchor_max_en": "completely true",
            "anchor_max_nl": "helemaal waar",
        },
        {
            "position": 3,
            "text_en": "How rewarding is your relationship with your partner?",
            "text_nl": "Hoeveel goeds geeft de relatie met uw partner u?",
            "scale_min": 0,
            "scale_max": 5,
            "anchor_min_en": "not at all",
            "anchor_min_nl": "helemaal niets",
            "anchor_max_en": "completely",
            "anchor_max_nl": "heel veel",
        },
        {
            "position": 4,
            "text_en": "In general, how satisfied are you with your relationship?",
            "text_nl": "Hoe tevreden bent u over het algemeen met uw relatie?",
            "scale_min": 0,
            "scale_max": 5,
            "anchor_min_en": "not at all",
            "anchor_min_nl": "helemaal niet",
            "anchor_max_en": "completely",
            "anchor_max_nl": "helemaal",
        },
    ],
}


def instrument_install(data=CSI_4, *, instrument_model=None, item_model=None):
    """Create the instrument of `data` if it is missing (the data migration, tests); returns it.

    The models are passed in by the migration (its historical models)."""
    if instrument_model is None:
        from .models import Instrument as instrument_model
        from .models import Item as item_model
    fields = {k: v for k, v in data.items() if k not in ("name", "items")}
    instrument, created = instrument_model.objects.get_or_create(name=data["name"], defaults=fields)
    if created:
        item_model.objects.bulk_create(
            item_model(instrument=instrument, **item) for item in data["items"]
        )
    return instrument
