"""Forms of the login steps, with the portal's Dutch labels and messages; and the one helper
every view uses to show a service's ValidationError on its form.

The behaviour (checking codes against the user's devices, throttling guesses) is
django-two-factor-auth's and django-otp's; these subclasses only say it in the portal's words.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, TOTPDeviceForm


def add_service_errors(form, error):
    """Put a service's ValidationError on the form: each message at its field where the form
    has that field, the rest at the top. The error summary (templates/_error_summary.html)
    then lists them all, each linked to its field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


_CODE_ATTRS = {
    "autofocus": "autofocus",
    "inputmode": "numeric",
    "autocomplete": "one-time-code",
    "pattern": "[0-9]*",
}

_OTP_MESSAGES = {
    "token_required": _("Enter the code."),
    "invalid_token": _("This code is not right. Enter the code your app shows now."),
    "verification_not_allowed": _("Too many wrong codes: wait a moment and try again."),
}


class LoginCodeForm(AuthenticationTokenForm):
    otp_token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^[0-9]{6}$",
        min_length=6,
        max_length=6,
        error_messages={"invalid": _("The code has six digits.")},
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    otp_error_messages = {
        **AuthenticationTokenForm.otp_error_messages,
        **_OTP_MESSAGES,
        "n_failed_attempts": _OTP_MESSAGES["verification_not_allowed"],
    }


class RecoveryCodeForm(BackupTokenForm):
    otp_token = forms.CharField(
        label=_("Recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autofocus": "autofocus", "autocomplete": "off"}),
    )
    otp_error_messages = LoginCodeForm.otp_error_messages


class SetupCodeForm(TOTPDeviceForm):
    token = forms.IntegerField(
        label=_("Code from your authenticator app"),
        min_value=0,
        max_value=999999,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    error_messages = {"invalid_token": _OTP_MESSAGES["invalid_token"]}
