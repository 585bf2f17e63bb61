"""What several blocks state: the visits of the period, whether a desk offers trajects."""


def visits_of(letter):
    """The number of visits of the period: stated under every table of visits, never hidden."""
    return letter.count("visits", fixed=True, label="Bezoeken")


def offers_trajects(letter):
    return any(desk["offers_trajects"] for desk in letter.data.desks)
