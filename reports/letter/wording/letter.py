"""The words the letter says in place of a figure block: a block left out to protect."""

from .registry import fixed

fixed(
    {
        "letter.left_out": (
            "De cijfers van dit onderdeel laten wij weg, zodat niemand herkenbaar is."
        ),
    }
)
