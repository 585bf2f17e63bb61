import datetime

import factory

from intake import figures, models
from intake.constants import Channel, Outcome, WhoCame
from referrals.constants import Question
from referrals.models import Municipality, Organisation


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    name = "Dordrecht"
    cbs_code = "GM0505"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = "overig"


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Desk

    name = factory.Sequence(lambda n: f"Loket {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="adviespunt_sko")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    desk = factory.SubFactory(DeskFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")


class WeeklyHourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WeeklyHour

    location = factory.SubFactory(LocationFactory)
    weekday = 5
    start = datetime.time(10)
    end = datetime.time(12)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Visit

    desk = factory.SubFactory(DeskFactory)
    date = factory.LazyFunction(datetime.date.today)
    channel = Channel.WALK_IN
    women = 1
    men = 0
    other_gender = 0
    # Who came follows the counts unless a test says otherwise (the model checks they match).
    who_came = factory.LazyAttribute(
        lambda visit: {1: WhoCame.ONE_PARTNER, 2: WhoCame.BOTH_PARTNERS}.get(
            visit.women + visit.men + visit.other_gender, WhoCame.PARENT_WITH_OTHER
        )
    )
    question = Question.STRENGTHEN
    outcome = Outcome.HELPED

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """A visit written past the services: its month's figures recounted, as the services
        would (a test that changes it further through the ORM rebuilds the figures)."""
        super()._after_postgeneration(instance, create, results)
        if create:
            figures.refresh([figures.month_of(instance)])


class TrajectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Traject

    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    desk = factory.SubFactory(DeskFactory)
    started_on = factory.LazyFunction(datetime.date.today)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Written past the services: its month's traject figures recounted, as they would."""
        super()._after_postgeneration(instance, create, results)
        if create:
            figures.refresh(trajects=[figures.traject_month(instance)])


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Session

    traject = factory.SubFactory(TrajectFactory)
    number = factory.Sequence(lambda n: n % 5 + 1)
    date = factory.LazyFunction(datetime.date.today)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Written past the services: its traject's figures recounted, as they would."""
        super()._after_postgeneration(instance, create, results)
        if create:
            figures.refresh(trajects=[figures.traject_month(instance.traject)])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Activity

    desk = factory.SubFactory(DeskFactory)
    date = factory.LazyFunction(datetime.date.today)
    kind = "webinar"
    audience = "inwoners"
    attendees = 12


class FeedbackInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FeedbackInvitation

    token = factory.Sequence(lambda n: f"token-{n}")
    desk = factory.SubFactory(DeskFactory)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Feedback

    invitation = factory.SubFactory(FeedbackInvitationFactory)
    desk = factory.SelfAttribute("invitation.desk")
    got_answer = "ja"
    rating = 8
    would_recommend = True
