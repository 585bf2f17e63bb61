"""Reports never make a save wait: at most REPORT_CONCURRENCY report requests (dashboards,
exports, the flow map) run at once in a worker process; more wait for their turn here, while
the process's other threads keep taking saves. A waiting thread holds neither the GIL nor a
database query, so a counsellor's save only shares the machine with that many reports.
"""

import functools
import threading

from django.conf import settings

_lane = threading.BoundedSemaphore(getattr(settings, "REPORT_CONCURRENCY", 1))


def report_lane(view):
    """Run the view in the report lane of its worker process."""

    @functools.wraps(view)
    def in_lane(request, *args, **kwargs):
        with _lane:
            return view(request, *args, **kwargs)

    return in_lane
