"""The registry of letter blocks: one renderer per `BlockKind`.

A renderer `render(spec, letter)` declares the block's cells and statements on the letter and
returns a function of `view.Published` (what may be published) that gives the block's content,
or None when the block has nothing to say in this letter: {"paragraphs": facts to be worded
(`wording.say`), "table": its numbers and marks (`view.Published.table`), "chart": whether a
bar chart goes beside it}. The Dutch sentences live in `wording/`, one module per family.
A new block type is one module in this folder whose renderer is decorated with
`@register(BlockKind.…)`, imported in `blocks/__init__.py`.
"""

from ...constants import BlockKind

RENDERERS = {}


def register(kind):
    """Register the decorated function as the renderer of block kind `kind`."""
    kind = BlockKind(kind)

    def decorate(render):
        if kind in RENDERERS:
            raise ValueError(f"Block kind {kind!r} has a renderer already.")
        RENDERERS[kind] = render
        return render

    return decorate
