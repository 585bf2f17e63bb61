"""The dashboard's figures by hand-written SQL GROUP BY over the raw tables: the baseline the
national benchmark compares the page with (what a careful analyst would write)."""

import datetime

QUERIES = [
    # totals, tracks, questions and advice domains in one scan of the period's visits
    """SELECT count(*), sum(women), sum(men), sum(other_gender), sum(children),
        count(*) FILTER (WHERE who_came IN ('beide_partners', 'ex_partners')),
        count(*) FILTER (WHERE who_came = 'een_partner'),
        count(*) FILTER (WHERE track = 'A'), count(*) FILTER (WHERE track = 'B'),
        count(*) FILTER (WHERE safety_concern), count(*) FILTER (WHERE advice_social_emotional),
        count(*) FILTER (WHERE advice_financial), count(*) FILTER (WHERE advice_legal),
        count(*) FILTER (WHERE advice_parenting)
     FROM intake_visit WHERE desk_id = ANY(%(desks)s) AND date BETWEEN %(start)s AND %(end)s""",
    """SELECT question, count(*) FROM intake_visit
     WHERE desk_id = ANY(%(desks)s) AND date BETWEEN %(start)s AND %(end)s GROUP BY question""",
    """SELECT channel, count(*) FROM intake_visit
     WHERE desk_id = ANY(%(desks)s) AND date BETWEEN %(start)s AND %(end)s GROUP BY channel""",
    """SELECT outcome, count(*) FROM intake_visit
     WHERE desk_id = ANY(%(desks)s) AND date BETWEEN %(start)s AND %(end)s GROUP BY outcome""",
    """SELECT e.name, count(*) FROM intake_visit v
     JOIN intake_visit_life_events l ON l.visit_id = v.id
     JOIN intake_lifeevent e ON e.id = l.lifeevent_id
     WHERE v.desk_id = ANY(%(desks)s) AND v.date BETWEEN %(start)s AND %(end)s GROUP BY e.name""",
    """SELECT o.name, count(*) FROM intake_visit v
     JOIN referrals_organisation o ON o.id = v.referred_by_id
     WHERE v.desk_id = ANY(%(desks)s) AND v.date BETWEEN %(start)s AND %(end)s GROUP BY o.name""",
    """SELECT o.name, count(*) FROM (
         SELECT r.id, r.to_organisation_id FROM referrals_referral r
         JOIN intake_visit_referrals vr ON vr.referral_id = r.id
         JOIN intake_visit v ON v.id = vr.visit_id
         JOIN intake_desk d ON d.id = v.desk_id AND d.organisation_id = r.from_organisation_id
         WHERE v.desk_id = ANY(%(desks)s) AND r.date BETWEEN %(start)s AND %(end)s
         UNION
         SELECT r.id, r.to_organisation_id FROM referrals_referral r
         JOIN intake_traject_referrals tr ON tr.referral_id = r.id
         JOIN intake_traject t ON t.id = tr.traject_id
         JOIN intake_desk d ON d.id = t.desk_id AND d.organisation_id = r.from_organisation_id
         WHERE t.desk_id = ANY(%(desks)s) AND r.date BETWEEN %(start)s AND %(end)s
     ) x JOIN referrals_organisation o ON o.id = x.to_organisation_id GROUP BY o.name""",
    """SELECT t.desk_id, count(DISTINCT t.id),
        count(DISTINCT t.id) FILTER (WHERE t.status = 'afgerond'),
        count(DISTINCT t.id) FILTER (WHERE t.status = 'voortijdig_gestopt'),
        count(DISTINCT t.id) FILTER (WHERE t.status = 'doorverwezen'), count(s.id), sum(s.minutes)
     FROM intake_traject t LEFT JOIN intake_session s ON s.traject_id = t.id
     WHERE t.desk_id = ANY(%(desks)s) AND t.started_on BETWEEN %(start)s AND %(end)s
     GROUP BY t.desk_id""",
    """SELECT count(*), count(*) FILTER (WHERE got_answer = 'ja') FROM intake_feedback
     WHERE desk_id = ANY(%(desks)s) AND submitted_at >= %(start)s AND submitted_at < %(after)s""",
    """SELECT date_trunc('month', date), count(*) FILTER (WHERE date BETWEEN %(start)s AND %(end)s),
        count(*) FILTER (WHERE date BETWEEN %(pstart)s AND %(pend)s)
     FROM intake_visit WHERE desk_id = ANY(%(desks)s)
       AND (date BETWEEN %(start)s AND %(end)s OR date BETWEEN %(pstart)s AND %(pend)s)
     GROUP BY 1""",
]


def plain_sql_figures(connection, desk_ids, start, end):
    """Run every query of the dashboard's figures; returns their rows."""
    params = {
        "desks": list(desk_ids),
        "start": start,
        "end": end,
        "after": end + datetime.timedelta(days=1),
        "pstart": start.replace(year=start.year - 1),
        "pend": end.replace(year=end.year - 1),
    }
    results = []
    with connection.cursor() as cursor:
        for sql in QUERIES:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results
