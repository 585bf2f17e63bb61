from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def traject_evaluation(traject):
    """The evaluation block of the traject page, read in the template that shows it."""
    return selectors.traject_summary(traject)


@register.simple_tag
def evaluation_dashboard(selection):
    """The evaluation section of the reports dashboard, for its selection (exact figures)."""
    return selectors.dashboard_section(selection)
