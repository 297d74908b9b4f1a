"""`flask users create|list|set-password|disable|enable`: the accounts of the people
who run the survey. The first admin is made here; passwords never appear on the
command line (asked twice with hidden input, or read from stdin)."""
import sys

import click
from flask.cli import AppGroup

from ..web.auth.accounts import get_users
from ..accounts.roles import ROLE_NAMES
from ..accounts.users import UserError, check_password, normalise_email

group = AppGroup("users", help="Manage the accounts of admins, facilitators and city staff.")

password_stdin_option = click.option(
    "--password-stdin", is_flag=True,
    help="Read the password from the first line of standard input (for scripts).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")
    try:
        return check_password(password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None


def _email(value: str) -> str:
    try:
        return normalise_email(value)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None


def _run(action, *args):
    try:
        return action(*args)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None


@group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLE_NAMES),
              help="admin: users and everything; facilitator: questionnaires, campaigns, "
                   "posters, focus groups, raw data; city: summaries only.")
@password_stdin_option
def create(email, role, password_stdin):
    """Create an account for EMAIL with a password (at least 10 characters)."""
    users, email = get_users(), _email(email)
    if users.exists(email):  # say so before asking for a password
        raise click.ClickException(f"a user {email} already exists (use `users set-password` to change the password)")
    user = _run(users.create, email, _read_password(password_stdin), role)
    click.echo(f"created {user['email']} ({user['role']})")


@group.command("list")
def list_users():
    """Print every account: email, role, active (never a password hash)."""
    people = get_users().list()
    if not people:
        click.echo("no users yet; create the first admin with: flask --app wsgi users create EMAIL --role admin")
        return
    width = max(len("email"), *(len(u["email"]) for u in people))
    click.echo(f"{'email':<{width}}  {'role':<11}  active")
    for user in people:
        click.echo(f"{user['email']:<{width}}  {user['role']:<11}  {'yes' if user['active'] else 'no'}")


@group.command("set-password")
@click.argument("email")
@password_stdin_option
def set_password(email, password_stdin):
    """Give EMAIL a new password; its open sessions end."""
    users, email = get_users(), _email(email)
    if not users.exists(email):
        raise click.ClickException(f"there is no user {email}")
    user = _run(users.set_password, email, _read_password(password_stdin))
    click.echo(f"password changed for {user['email']}")


@group.command("disable")
@click.argument("email")
def disable(email):
    """Stop EMAIL from logging in (the account is kept); its open sessions end."""
    user = _run(get_users().disable, _email(email))
    click.echo(f"disabled {user['email']}")


@group.command("enable")
@click.argument("email")
def enable(email):
    """Let a disabled account log in again."""
    user = _run(get_users().enable, _email(email))
    click.echo(f"enabled {user['email']}")


COMMANDS = [group]
