"""The identity check: free text that identifies a resident is refused, ordinary notes pass."""

import pytest
from django.core.exceptions import ValidationError

from intake.identity import KINDS, find_identifying_data, normalise, validate_anonymous_text

REFUSED = [
    # BSN (elfproef), plain, with dots and spaces
    ("bsn 111222333", "bsn"),
    ("BSN: 123456782", "bsn"),
    ("1234.56.782", "bsn"),
    ("burgerservicenummer 111 222 333", "bsn"),
    ("nummer 999999990 genoteerd", "bsn"),
    ("12345672", "bsn"),
    # e-mail addresses
    ("mail naar jan.jansen@example.nl", "email"),
    ("a.b+test@gmail.com", "email"),
    ("Contact: info@relatieloket-hia.nl", "email"),
    ("stuur naar piet_de_vries@hotmail.com svp", "email"),
    ("J@x.org", "email"),
    # Dutch phone numbers
    ("bel 06-12345678", "phone"),
    ("06 1234 5678", "phone"),
    ("0612345678", "phone"),
    ("+31 6 12345678", "phone"),
    ("+31612345678", "phone"),
    ("0031 6 1234 5678", "phone"),
    ("tel 010-1234567", "phone"),
    ("078 123 45 67", "phone"),
    ("0781234567", "phone"),
    ("+31 (0)78 1234567", "phone"),
    # IBAN
    ("NL91 ABNA 0417 1643 00", "iban"),
    ("NL91ABNA0417164300", "iban"),
    ("rekening nl91abna0417164300", "iban"),
    ("DE89 3704 0044 0532 0130 00", "iban"),
    # postcode with house number
    ("woont op 3311 AB 12", "address"),
    ("3311AB12a", "address"),
    ("Brouwersdijk 12, 3314 GA", "address"),
    ("adres 3314 GA, nr 7", "address"),
    ("Kerkstraat 5 3331 AA Zwijndrecht", "address"),
    ("postcode 1234ab 56", "address"),
    # separators people really type: brackets, dashes of every kind, dots, several spaces
    ("(078) 123 45 67", "phone"),
    ("(078) 6123456", "phone"),
    ("06 - 12345678", "phone"),
    # Digits shaped like a date or a year range inside a phone number.
    ("bel 06-2019-2020", "phone"),
    ("06-12-2012-34", "phone"),
    ("06-20-12-2013", "phone"),
    ("0612-2019-20", "phone"),
    ("06\u201112345678", "phone"),  # non-breaking hyphen
    ("06\u201312345678", "phone"),  # en dash
    ("06.12.34.56.78", "phone"),
    ("06  1234  5678", "phone"),
    ("+31\u00a06\u00a012345678", "phone"),  # non-breaking spaces
    ("bel 0612345678, morgen na tienen", "phone"),
    ("3311 ab 12", "address"),
    ("3311  AB  12", "address"),
    ("bsn 123-456-782", "bsn"),
    ("BSN 111\u2013222\u2013333", "bsn"),
    ("bsn 123456782, gecontroleerd", "bsn"),
    # The evasions of a security review: separators, invisible characters, other digit
    # scripts and written-out "at" and "dot".
    ("06,12,34,56,78", "phone"),
    ("06, 12, 34, 56, 78", "phone"),
    ("bel 06\u200b12345678", "phone"),  # zero-width space
    ("06\u00ad1234\u200d5678", "phone"),  # soft hyphen, zero-width joiner
    ("jan [at] example [dot] nl", "email"),
    ("jan (at) example (dot) nl", "email"),
    ("jan at example dot nl", "email"),
    ("jan apenstaartje example punt nl", "email"),
    ("jan @ example . nl", "email"),
    ("info\uff20example\uff0enl", "email"),  # full-width @ and full stop
    ("3311-AB-12", "address"),
    ("postcode 3311AB huisnummer 45", "address"),
    ("NL91.ABNA.0417.1643.00", "iban"),
    ("NL 91-ABNA_0417,1643/00", "iban"),
    ("Rekening NL91ABNA0417164300 voor de therapie", "iban"),
    ("BSN 111_222_333", "bsn"),
    ("BSN111222333", "bsn"),
    ("bsn 123456782, 35 jaar", "bsn"),
    ("\uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "phone"),  # full-width
    ("\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "phone"),  # Arabic-Indic
    ("bsn \u0967\u0967\u0967\u0968\u0968\u0968\u0969\u0969\u0969", "bsn"),  # Devanagari
    ("0612345678, 3 kinderen", "phone"),
    ("tel0612345678", "phone"),
    ("+32 470 12 34 56", "phone"),  # a Belgian mobile number
    ("(078) 612 34 56", "phone"),
]

ALLOWED = [
    "Eerste gesprek op 12-03-2024, beide partners aanwezig.",
    "Relatietherapie kost vanaf € 800, niet vergoed uit de basisverzekering.",
    "HIA bekostigt circa 10 trajecten voor € 10.000.",
    "5 gesprekken van 1,5 uur",
    "Twee kinderen, 4 en 7 jaar.",
    "3 kinderen betrokken",
    "Spreekuur vrijdag 10:00–12:00 aan de Brouwersdijk.",
    "Circa 75% kwam voor relatieversterking en 25% voor echtscheiding.",
    "Sinds oktober 2023 53 bezoekers en 74 kinderen.",
    "Verwezen door POH Jeugd; warme overdracht.",
    "Afspraak 2024-11-05 om 14:30.",
    "Gesprek duurde 90 minuten.",
    "Budget 2025: € 10.000,00",
    "Kosten circa € 1.250,50 per traject.",
    "Drie jaar samen, sinds 2019 getrouwd.",
    "Zie motie LTA nr. 942 en nr. 1057.",
    "Gemeente GM0505 en GM0531.",
    "Jaarlijks ongeveer 400 scheidingen en 700 kinderen in de Drechtsteden.",
    "40.000 echtscheidingen verwacht, normaal 30.000 per jaar.",
    "Score 8 van 10.",
    "Vrouw, 35–44 jaar, twijfels over de relatie.",
    "Tip: ScheidingsAtlas en Villa Pinedo.",
    "Week 12 en 13 geen spreekuur.",
    "Periode 1-10-2021 tot 30-9-2022: 15 dossiers.",
    "Gesprekken 1 t/m 5 gepland.",
    "Om 9.30 uur begonnen, om 11.00 uur klaar.",
    "Telefonisch contact gehad, doorverwezen naar Veilig Thuis.",
    "Meldcode besproken met collega.",
    "Ouders hebben 2 kinderen van 12 en 14.",
    "Eigen bijdrage € 25 per keer, totaal € 125.",
    "Huur 1200 euro per maand is een zorg.",
    "Afspraak 05-11-2024 14:30.",
    "Op 01-03-2024 15 minuten gebeld.",
    "Sinds 2019 en 3 kinderen.",
    "In 2024 is 5 keer gebeld, in 2023 nu 2 keer.",
    "Tussen 1200 of 1300 euro per maand.",
    "Periode 2019–2024 besproken.",
    "Spreekuur 09:00-10:00 en 10:00–12:00.",
    "Om 9.30-11.00 uur.",
    "Regiobudget € 10.000.000 voor vier jaar.",
    "Schuld van € 12.345,67 besproken.",
    "2 kinderen van 4 en 7",
    "Kinderen van 4, 7 en 12 jaar.",
    "Gesprek 1 van 5 op 03-02-2025.",
    "Reistijd 2 uur, 120 km heen en terug.",
    "Rapportcijfer 7,5 en 8,0.",
    "3 kinderen (6, 9 en 12 jaar)",
    "€ 800",
    "12-03-2025",
    "10.00 tot 11.30 uur",
    "Spreekuur 09.30-11.00, 12 bezoekers.",
    "Kinderen van 4, 7, 9, 12 en 14 jaar.",
    "Op 3, 10 en 17 maart 2025 gesproken.",
    "Van 2019 tm 2024 3 keer verhuisd.",
    "In 2024 12.000 bezoekers in de regio.",
    "Veilig Thuis gebeld (0800-2000).",
    "Hij at soep, punt uit.",
    "Gesprek 01-01-2020 en € 0 om 21-04-2006 en 21-4-2006, 10.15 uur.",
    "Doorverwezen naar www.scheidingsatlas.nl.",
    "",
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_identifying_text_is_refused(text, kind):
    assert kind in find_identifying_data(text)
    with pytest.raises(ValidationError) as exc:
        validate_anonymous_text(text)
    message = " ".join(exc.value.messages)
    # The message names what was found and explains why, but never repeats the value.
    assert str(KINDS[kind]) in message
    assert "anonymous" in message or "anoniem" in message
    assert text.strip() not in message


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_counselling_notes_pass(text):
    assert find_identifying_data(text) == []
    validate_anonymous_text(text)


def test_table_is_large_enough():
    assert len(REFUSED) >= 30 and len(ALLOWED) >= 30


def test_normalisation_unifies_digits_spaces_dashes_and_invisible_characters():
    assert normalise("\uff10\u0666\u0967") == "061"
    assert normalise("a\u200bb\u00adc\ufeffd") == "abcd"
    assert normalise("06\u2013\u2212\u2011x") == "06---x"
    assert normalise("a\u00a0\u2003 \tb") == "a b"
    assert normalise("jan [at] example [dot] nl") == "jan@example.nl"
    assert normalise("JAN (AT) Example {punt} NL") == "JAN@Example.NL"


def test_the_message_never_repeats_the_value_of_an_evasion():
    with pytest.raises(ValidationError) as exc:
        validate_anonymous_text("bel 06,12,34,56,78 of jan [at] example [dot] nl")
    message = " ".join(exc.value.messages)
    assert "12,34" not in message and "example" not in message
    assert str(KINDS["phone"]) in message and str(KINDS["email"]) in message


PUBLIC = ["adviespuntsko@dordrecht.nl", "078 - 770 80 10", "www.adviespuntsko.nl"]


@pytest.mark.parametrize(
    "text",
    [
        "Mail het Adviespunt op adviespuntsko@dordrecht.nl of bel 078-7708010.",
        "Bereikbaar via adviespuntsko [at] dordrecht [dot] nl en 078 770 80 10.",
        "Telefonisch: +31 78 770 80 10.",
    ],
)
def test_allowed_public_contact_details_pass_however_written(text):
    assert find_identifying_data(text, allowed=PUBLIC) == []
    validate_anonymous_text(text, allowed=PUBLIC)
    # Without the list the same text is refused: the exemption is what lets it pass.
    assert find_identifying_data(text) != []


def test_allowed_details_exempt_only_themselves():
    text = "Mail adviespuntsko@dordrecht.nl; de bezoeker belde vanaf 06-12345678, bsn 111222333."
    assert find_identifying_data(text, allowed=PUBLIC) == ["phone", "bsn"]
    with pytest.raises(ValidationError):
        validate_anonymous_text("Mail jan.jansen@dordrecht.nl", allowed=PUBLIC)


@pytest.mark.parametrize(
    "text",
    [
        "nul zes, een twee drie vier vijf zes zeven acht",
        "Bel haar op nul zes twaalf vierendertig zesenvijftig achtenzeventig",
        "Nul Zes - Eén Twee - Drie Vier - Vijf Zes - Zeven Acht",
        "nul zes 12 34 vijf zes zeven acht",
        "zero six one two three four five six seven eight",
        "nul achtenzeventig een twee drie vier vijf zes zeven",
    ],
)
def test_a_phone_number_written_out_in_words_is_refused(text):
    assert "phone" in find_identifying_data(text)
    with pytest.raises(ValidationError):
        validate_anonymous_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "een man en een vrouw kwamen met twee kinderen van drie en vijf",
        "Ze hadden een ruzie over een auto, twee keer per week, al zes jaar",
        "vijf gesprekken van anderhalf uur, elf weken, twaalf kinderen op school",
        "Achter de acht deuren woonden zeventig mensen",
    ],
)
def test_ordinary_sentences_with_number_words_pass(text):
    assert find_identifying_data(text) == []


def test_a_number_in_words_in_a_visits_notes_is_refused_over_http(client, make_user):
    from django.urls import reverse

    from intake.models import Visit
    from relatieloket.roles import Role

    from .factories import DeskFactory

    desk = DeskFactory()
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    response = client.post(
        reverse("intake:visit_create"),
        {
            "date": desk.opened_on.isoformat() if desk.opened_on else "2025-03-14",
            "channel": "inloop",
            "who_came": "beide_partners",
            "women": "1",
            "men": "1",
            "other_gender": "0",
            "age_band": "onbekend",
            "question": "versterken",
            "track": "A",
            "outcome": "op_weg_geholpen",
            "notes": "terugbellen op nul zes, een twee drie vier vijf zes zeven acht",
        },
    )
    assert response.status_code == 200
    assert "telefoonnummer" in response.content.decode()
    assert not Visit.objects.exists()
