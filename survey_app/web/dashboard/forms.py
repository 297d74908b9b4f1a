"""The dashboard's filter form: a GET form, so without a CSRF token (it changes
nothing and its URL can be bookmarked or shared)."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectField


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    wave = SelectField(_("Wave"), validate_choice=False)
    breakdown = SelectField(_("Breakdown"), validate_choice=False)
    a = SelectField(_("Compare wave"), validate_choice=False)
    b = SelectField(_("with wave"), validate_choice=False)


def filter_form(scopes, waves, breakdowns, wave, breakdown, first, second):
    form = FilterForm(formdata=None, data={"wave": wave, "breakdown": breakdown, "a": first, "b": second})
    form.wave.choices = [(s, gettext("all waves together") if s == "all" else s) for s in scopes]
    form.breakdown.choices = [(key, gettext(label)) for key, label in breakdowns.items()]
    form.a.choices = form.b.choices = [(w, w) for w in waves]
    return form
