"""The network of the seed documents is loaded by a data migration."""

import pytest

from referrals.constants import OrganisationKind
from referrals.models import Municipality, Organisation

pytestmark = pytest.mark.django_db


def test_municipalities_of_the_seeds_with_cbs_codes():
    codes = dict(Municipality.objects.values_list("name", "cbs_code"))
    assert codes == {
        "Dordrecht": "GM0505",
        "Hendrik-Ido-Ambacht": "GM0531",
        "Papendrecht": "GM0590",
        "Zwijndrecht": "GM0642",
        "Nijkerk": "GM0267",
        "Zwartewaterland": "GM1896",
    }
    assert not Municipality.objects.get(name="Nijkerk").refers_to_commercial
    assert Municipality.objects.get(name="Dordrecht").refers_to_commercial


def test_organisations_of_the_seeds():
    names = set(Organisation.objects.values_list("name", flat=True))
    for expected in [
        "Relatieloket Hendrik-Ido-Ambacht",
        "Stichting De Vluchtheuvel",
        "Adviespunt Scheiden, Kind en Ouderschap",
        "Dordrecht Sociaal – Sociaal Wijkteam",
        "POH GGZ Jeugd Dordrecht",
        "POH GGZ Volwassenen",
        "ScheidingsAtlas",
        "Villa Pinedo",
        "Enver",
        "FamilySupporters",
        "Stichting Houd Me Vast",
        "Veilig Thuis",
        "Bureau sociaal raadslieden",
    ]:
        assert expected in names
    sko = Organisation.objects.get(kind=OrganisationKind.ADVIESPUNT_SKO)
    assert set(sko.municipalities.values_list("cbs_code", flat=True)) >= {
        "GM0505",
        "GM0590",
        "GM0642",
    }
    therapy = Organisation.objects.get(name="Relatietherapie bij een particuliere aanbieder")
    assert therapy.is_commercial and therapy.minimum_cost == 800
    assert "niet vergoed" in therapy.cost_to_resident


def test_invalid_cbs_code_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        Municipality(name="Nergens", cbs_code="0505").full_clean()
    assert "cbs_code" in exc.value.message_dict
