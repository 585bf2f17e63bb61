"""WSGI entry point for gunicorn: `gunicorn relatieloket.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relatieloket.settings")
application = get_wsgi_application()
