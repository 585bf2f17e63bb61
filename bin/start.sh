#!/bin/sh
# Entry point of the image.
#   start.sh                      serve with gunicorn and the shipped gunicorn.conf.py
#                                 (GUNICORN_POOL=reports for the report pool, port 8001)
#   MIGRATE=1 start.sh            migrate (and create the cache table) first, then serve
#   start.sh migrate              migrate and create the cache table only (the migrate Job)
#   start.sh python manage.py …   any other command (the retention CronJob, verify_publications)
# Migrations run with MIGRATE_DATABASE_URL (the owner of the schema) when it is set, else with
# DATABASE_URL.
set -eu
cd /app

migrate() {
    DATABASE_URL="${MIGRATE_DATABASE_URL:-${DATABASE_URL:-}}" \
        python manage.py migrate --no-input
    DATABASE_URL="${MIGRATE_DATABASE_URL:-${DATABASE_URL:-}}" \
        python manage.py createcachetable
}

if [ "$#" -gt 0 ]; then
    if [ "$1" = "migrate" ]; then
        migrate
        exit 0
    fi
    exec "$@"
fi

case "${MIGRATE:-0}" in
    1 | true | True | yes) migrate ;;
esac
exec gunicorn relatieloket.wsgi -c gunicorn.conf.py
