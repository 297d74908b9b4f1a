"""Login and logout forms (Flask-WTF: every POST carries a CSRF token)."""
# Imported as `_` so that scripts/translate.py (babel's default keywords) extracts them.
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    # The email's format is not validated here: a typo gets the same "login failed"
    # answer as a wrong password, and the field keeps what was typed.
    email = EmailField(_("Email"), validators=[DataRequired(_("Enter your email address.")),
                                                Length(max=254)])
    password = PasswordField(_("Password"), validators=[DataRequired(_("Enter your password.")),
                                                         Length(max=1024)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST so that a link or an image on another
    site cannot log anyone out."""
