from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def traject_evaluation(traject):
    """The evaluation block of the traject page, read in the template that shows it."""
    return selectors.traject_summary(traject)
