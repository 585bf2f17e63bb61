from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """Kinds of organisation in the network (sociale kaart), as named in the seed documents."""

    RELATIELOKET = "relatieloket", _("relationship desk (relatieloket)")
    ADVIESPUNT_SKO = "adviespunt_sko", _("Adviespunt Scheiden, Kind en Ouderschap")
    SOCIAL_TEAM = "sociaal_wijkteam", _("social district team (sociaal wijkteam)")
    POH_JEUGD = "poh_jeugd", _("GP practice nurse youth (POH Jeugd)")
    POH_GGZ_JEUGD = "poh_ggz_jeugd", _("GP practice nurse mental health youth (POH GGZ Jeugd)")
    POH_GGZ_ADULTS = (
        "poh_ggz_volwassenen",
        _("GP practice nurse mental health adults (POH GGZ Volwassenen)"),
    )
    GP = "huisarts", _("general practitioner (huisarts)")
    SOCIAL_WORK = "amw", _("general social work (algemeen maatschappelijk werk)")
    SCHOOL = "school", _("school")
    CHILD_HEALTH_CLINIC = "consultatiebureau", _("child health clinic (consultatiebureau)")
    PSYCHOSOCIAL_CARE = "psychosociale_hulp", _("psychosocial care")
    RELATIONSHIP_THERAPY = "relatietherapie", _("private relationship therapy")
    MEDIATION = "mediation", _("mediation")
    TRAINING = "training", _("training")
    CHURCH = "kerk", _("church")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    LEGAL_ADVICE = "juridisch_advies", _("legal advice")
    OTHER = "overig", _("other")


class Question(models.TextChoices):
    """The help question (hulpvraag) of a visit or a referral."""

    STRENGTHEN = "versterken", _("strengthen the relationship")
    RESTORE = "herstellen", _("restore the relationship")
    DOUBTS = "twijfels", _("doubts about the relationship")
    CONSIDERING_SEPARATION = "overweegt_scheiding", _("considering separation")
    SEPARATING = "scheiden", _("separating")
    AFTER_SEPARATION = "na_scheiding", _("after separation / co-parenting")
    CONTACT_ARRANGEMENT = "omgangsregeling", _("contact arrangement")
    OTHER = "overig", _("other")
