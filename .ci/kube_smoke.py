"""Two portal replicas and the report pool played from the cluster manifests, one PostgreSQL:

    python .ci/kube_smoke.py PORT_A PORT_B PORT_REPORTS DATABASE_URL TOTP_KEY USER PASSWORD
                             POLICY_USER

- both replicas and the pool answer liveness and readiness;
- a counsellor logs in on replica a and saves a visit; replica b shows it in the visit list
  with the same session (sessions and data live in the shared database);
- the report lane's limit holds across processes and replicas: while its one slot is taken
  (an advisory lock in PostgreSQL, held here by another session), a dashboard on replica a,
  on replica b and on the report pool waits in the one queue and gets the waiting page
  ("Uw rapportage staat in de wachtrij", 202); once the slot is free and the abandoned
  places have expired, the dashboard is served.
"""

import pathlib
import sys
import time

import psycopg2

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from image_smoke import Browser, step, totp  # noqa: E402

LANE_KEY = 0x524C  # relatieloket.lanes.LANE_KEY


def wait_ready(port):
    browser = Browser(f"http://127.0.0.1:{port}")
    for _ in range(120):
        try:
            if browser.request("/_healthz/readyz/")[0] == 200:
                return browser.request("/_healthz/livez/")[0] == 200
        except OSError:
            pass
        time.sleep(2)
    return False


def login(browser, username, password, key_hex):
    _s, _h, page = browser.request("/inloggen/")
    _s, _h, page = browser.request(
        "/inloggen/",
        {
            "csrfmiddlewaretoken": browser.csrf(page),
            "login_view-current_step": "auth",
            "auth-username": username,
            "auth-password": password,
        },
    )
    status, _h, _p = browser.request(
        "/inloggen/",
        {
            "csrfmiddlewaretoken": browser.csrf(page),
            "login_view-current_step": "token",
            "token-otp_token": totp(key_hex),
        },
    )
    return status == 302


def main(port_a, port_b, port_reports, database_url, key_hex, user, password, policy_user):
    for name, port in (("a", port_a), ("b", port_b), ("report pool", port_reports)):
        step(f"replica {name}: liveness and readiness", wait_ready(port))
    a = Browser(f"http://127.0.0.1:{port_a}")
    step("counsellor logs in on replica a", login(a, user, password, key_hex))
    _s, _h, page = a.request("/loket/contacten/nieuw/")
    status, headers, _p = a.request(
        "/loket/contacten/nieuw/",
        {
            "csrfmiddlewaretoken": a.csrf(page),
            "date": time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400)),
            "channel": "telefoon",
            "who_came": "een_partner",
            "women": "1",
            "men": "0",
            "other_gender": "0",
            "age_band": "45_54",
            "question": "twijfels",
            "track": "A",
            "outcome": "op_weg_geholpen",
        },
    )
    step("visit saved on replica a", status == 302, f"HTTP {status}")
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM intake_visit")
        (visit,) = cursor.fetchone()
    b = Browser(f"http://127.0.0.1:{port_b}")
    b.cookies = dict(a.cookies)
    status, _h, page = b.request("/loket/contacten/")
    step(
        "replica b shows the visit (same session, same data)",
        status == 200 and f"/loket/contacten/{visit}/" in page,
        f"HTTP {status}",
    )

    policy = Browser(f"http://127.0.0.1:{port_a}")
    step("policy staff log in on replica a", login(policy, policy_user, password, key_hex))
    holder = psycopg2.connect(database_url)
    holder.autocommit = True
    with holder.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, 0)", [LANE_KEY])
        step("the report lane's one slot is taken elsewhere", cursor.fetchone()[0])
    try:
        for name, port in (("a", port_a), ("b", port_b), ("report pool", port_reports)):
            other = Browser(f"http://127.0.0.1:{port}")
            other.cookies = dict(policy.cookies)
            status, _h, page = other.request("/rapportages/")
            step(
                f"dashboard on {name} waits in the queue (waiting page)",
                status == 202 and "wachtrij" in page,
                f"HTTP {status}",
            )
    finally:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, 0)", [LANE_KEY])
        holder.close()
    time.sleep(3)  # the waiting pages above never come back: their places expire
    other = Browser(f"http://127.0.0.1:{port_b}")
    other.cookies = dict(policy.cookies)
    status, _h, _page = other.request("/rapportages/")
    step("slot free: the dashboard is served on replica b", status == 200, f"HTTP {status}")


if __name__ == "__main__":
    main(*sys.argv[1:9])
