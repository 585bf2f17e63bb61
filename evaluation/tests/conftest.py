import datetime

import pytest

from intake.tests.factories import DeskFactory, TrajectFactory
from relatieloket.roles import Role


@pytest.fixture
def csi4(db):
    """The shipped instrument (a flushing browser test loses the data migration's copy)."""
    from evaluation.instruments import instrument_install

    return instrument_install()


@pytest.fixture
def desk(db):
    return DeskFactory(name="Relatieloket Testdorp")


@pytest.fixture
def counsellor(make_user, desk):
    return make_user(Role.COUNSELLOR, desks=[desk])


@pytest.fixture
def traject(desk):
    return TrajectFactory(desk=desk, started_on=datetime.date.today() - datetime.timedelta(days=60))
