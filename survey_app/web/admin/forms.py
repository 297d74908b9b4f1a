"""Admin forms (Flask-WTF: CSRF on every POST)."""
# Imported as `_` so that scripts/translate.py (babel's default keywords) extracts them.
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class UploadQuestionnaireForm(FlaskForm):
    file = FileField(_("Questionnaire file (YAML)"), validators=[
        FileRequired(_("Choose a questionnaire file to upload.")),
        FileAllowed(["yaml", "yml"], _("The file must be a YAML file ending in .yaml.")),
    ])
