# Run inside the image (`manage.py shell -c "$(cat .ci/ci_users.py)"`): a desk in Dordrecht, a
# counsellor of it and a policy officer of Dordrecht, both with the password CI_PASSWORD and an
# authenticator app with the key CI_TOTP_KEY (hex), as after their first login.
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import Desk
from referrals.models import Municipality

dordrecht = Municipality.objects.get(cbs_code="GM0505")
desk = Desk.objects.create(name="Relatieloket CI", municipality=dordrecht)
for username, role in (("ci-hulpverlener", "hulpverlener"), ("ci-beleid", "beleidsmedewerker")):
    user = get_user_model().objects.create_user(username, password=os.environ["CI_PASSWORD"])
    user.groups.add(Group.objects.get(name=role))
    if role == "hulpverlener":
        desk.staff.add(user)
    else:
        user.municipalities.set([dordrecht])
    TOTPDevice.objects.create(
        user=user, name="default", key=os.environ["CI_TOTP_KEY"], confirmed=True
    )
