"""The figure blocks of a council letter, one module per family, each renderer registered for
its `BlockKind` (see `registry`)."""

from ...constants import BlockKind
from . import effect, feedback, indicator, money, over_time, routes, trajects, visits  # noqa: F401
from .registry import RENDERERS, register

assert set(RENDERERS) == set(BlockKind), "every block kind has one renderer"

__all__ = ["RENDERERS", "register"]
