"""The one rule for the period of a dashboard or a council letter: within the data's range.

A period in 2030 drew an axis from −0.045 to 0.045; a letter about years before the first
visit says nothing. The dashboard form and the letter service both ask `period_errors`.
"""

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import Activity, Visit


def first_data_date():
    """The earliest day with recorded work (a visit or an activity); None without any."""
    dates = [
        Visit.objects.aggregate(first=Min("date"))["first"],
        Activity.objects.aggregate(first=Min("date"))["first"],
    ]
    return min((d for d in dates if d is not None), default=None)


def period_errors(
    start, end, *, start_field="start", end_field="end", today=None, before_data=True
):
    """Field errors for a period that lies outside the data's range (empty dict if none).

    The period must end on or after it starts, start no later than today, and (unless
    `before_data` is False) end no earlier than the first recorded work. The dashboard leaves
    that last one to its empty state: it costs a query per figure request, a letter once.
    """
    if start is None or end is None:
        return {}
    today = today or timezone.localdate()
    if end < start:
        return {
            end_field: ValidationError(
                _("The end of the period must be on or after its start."), code="period_order"
            )
        }
    if start > today:
        return {
            start_field: ValidationError(
                _("This period starts after today (%(today)s): there are no figures yet."),
                code="period_in_future",
                params={"today": today.strftime("%d-%m-%Y")},
            )
        }
    first = first_data_date() if before_data else None
    if first is not None and end < first:
        return {
            end_field: ValidationError(
                _("The period ends before the first recorded work (%(first)s)."),
                code="period_before_data",
                params={"first": first.strftime("%d-%m-%Y")},
            )
        }
    return {}
