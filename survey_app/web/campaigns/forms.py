"""Flask-WTF forms of the campaign pages (CSRF included)."""
# Lazy, because the forms are declared before any request picks a language; named _
# so that the catalog extraction (babel.cfg, default keywords) finds the strings.
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ...fieldwork.campaigns import (CHANNEL_KINDS, DEFAULT_LANGUAGES, DEFAULT_ORGANISER, MAX_ADDRESS,
                                   MAX_NAME, MAX_ORGANISER, MAX_WAVE, POSTER_LANGUAGES, WAVE_RE,
                                   CampaignError, check_address)


def _dates_in_order(form, field):
    if field.data and form.opens.data and field.data < form.opens.data:
        raise ValidationError(_("The close date is before the open date."))


class CampaignDatesForm(FlaskForm):
    opens = DateField(_("Opens on"), validators=[Optional()],
                      description=_("Empty: open from now on. Whole days, Litvínov time."))
    closes = DateField(_("Closes after"), validators=[Optional(), _dates_in_order],
                       description=_("Empty: open until you close it by hand."))
    organiser = StringField(_("Who runs the survey"), default=DEFAULT_ORGANISER,
                            validators=[DataRequired(), Length(max=MAX_ORGANISER)],
                            description=_("Printed on the posters, e.g. Město Litvínov a MY Litvínov."))


def _languages_field():
    return SelectField(_("Poster language"), default=DEFAULT_LANGUAGES,
                       choices=[SelectChoice(k, _(v)) for k, v in POSTER_LANGUAGES.items()],
                       description=_("Czech and Ukrainian: every text of the poster and the flyers in both."))


class CampaignForm(CampaignDatesForm):
    questionnaire = SelectField(_("Questionnaire"), validators=[DataRequired()], choices=[])
    wave = StringField(_("Wave"), validators=[
        DataRequired(), Length(max=MAX_WAVE),
        Regexp(WAVE_RE.pattern + "$", message=_("Use lowercase letters, digits and dashes, e.g. 2026-podzim."))],
        description=_("A label to compare waves by, e.g. 2026-podzim."))


class ChannelForm(FlaskForm):
    kind = SelectField(_("Kind"), choices=[SelectChoice(k, _(v.label)) for k, v in CHANNEL_KINDS.items()])
    name = StringField(_("Name"), validators=[DataRequired(), Length(max=MAX_NAME)],
                       description=_("Where or how, e.g. Sousedský dům Libuše, or Janov – bus stop."))
    languages = _languages_field()


class LanguagesForm(FlaskForm):
    languages = _languages_field()


def _web_address(form, field):
    try:
        check_address(field.data or "")
    except CampaignError:
        raise ValidationError(_("Write the address as https://name.of.the.server, e.g. https://bezpeci.litvinov.cz.")) from None


class AddressForm(FlaskForm):
    address = StringField(_("Public address"), validators=[DataRequired(), Length(max=MAX_ADDRESS), _web_address],
                          description=_("The address people type to reach this app, e.g. https://bezpeci.litvinov.cz."))
    campaign_id = IntegerField(widget=HiddenField.widget, validators=[Optional()])


class CloseForm(FlaskForm):
    """Only the CSRF token: closing is one button."""
