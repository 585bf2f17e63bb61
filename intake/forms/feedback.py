"""The questionnaire a visitor fills in after a conversation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    Feedback,
)


class FeedbackForm(forms.ModelForm):
    """The anonymous questionnaire a resident fills in after a conversation."""

    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend us to others?"),
        choices=[("True", _("yes")), ("False", _("no"))],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["got_answer", "rating", "would_recommend", "comment"]
        labels = {
            "got_answer": _("Did you get an answer to your question?"),
            "rating": _("What mark do you give the conversation (1–10)?"),
            "comment": _("Anything you want to tell us? (optional, do not write your name)"),
        }
        widgets = {
            "got_answer": forms.RadioSelect,
            "rating": forms.NumberInput(attrs={"min": 1, "max": 10}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["got_answer"].choices = [
            c for c in self.fields["got_answer"].choices if c[0] != ""
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send")))
