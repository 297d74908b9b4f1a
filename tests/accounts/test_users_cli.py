"""Accounts: the pure users module (survey_app/auth/users.py) and `flask users ...`."""
import pytest
from argon2 import PasswordHasher

from survey_app.web.auth.accounts import get_users
from survey_app.accounts.users import UserError, Users, make_hasher

PASSWORD = "dlouhe-heslo-1"


@pytest.fixture
def accounts(app, storage):
    with app.app_context():
        yield get_users()


def cli(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input)


# --- users.py ---------------------------------------------------------------------

def test_users_create__email_normalised_and_hash_not_listed(accounts):
    created = accounts.create("  Ana.Novakova@Example.CZ ", PASSWORD, "facilitator")
    assert {k: created[k] for k in ("email", "role", "active")} == {
        "email": "ana.novakova@example.cz", "role": "facilitator", "active": True}
    [listed] = accounts.list()
    assert set(listed) == {"id", "email", "role", "active", "created_at"}
    assert accounts.verify("ANA.NOVAKOVA@example.cz", PASSWORD)["email"] == "ana.novakova@example.cz"


@pytest.mark.parametrize("email, password, role, message", [
    ("ana@example.cz", "kratke123", "admin", "the password must have at least 10 characters"),
    ("ana@example.cz", " " * 12, "admin", "the password must not be only spaces"),
    ("ana.example.cz", PASSWORD, "admin", "'ana.example.cz' is not a valid email address (expected e.g. name@example.cz)"),
    ("ana@localhost", PASSWORD, "admin", "'ana@localhost' is not a valid email address (expected e.g. name@example.cz)"),
    ("ana@example.cz", PASSWORD, "boss", "unknown role 'boss': choose one of admin, facilitator, city"),
])
def test_users_create__bad_input__refused_with_reason(accounts, email, password, role, message):
    with pytest.raises(UserError) as caught:
        accounts.create(email, password, role)
    assert str(caught.value) == message
    assert accounts.list() == []


def test_users_create__duplicate_in_other_case__refused(accounts):
    accounts.create("ana@example.cz", PASSWORD, "city")
    with pytest.raises(UserError, match="a user ana@example.cz already exists"):
        accounts.create("ANA@example.cz", PASSWORD, "admin")
    assert [u["role"] for u in accounts.list()] == ["city"]


def test_users_verify__wrong_password_unknown_or_disabled__none(accounts):
    accounts.create("ana@example.cz", PASSWORD, "city")
    assert accounts.verify("ana@example.cz", "wrong-password") is None
    assert accounts.verify("nobody@example.cz", PASSWORD) is None
    assert accounts.verify("not an email", PASSWORD) is None
    assert accounts.verify("ana@example.cz", None) is None
    accounts.disable("ana@example.cz")
    assert accounts.verify("ana@example.cz", PASSWORD) is None
    accounts.enable("ana@example.cz")
    assert accounts.verify("ana@example.cz", PASSWORD) is not None


def test_users_verify__unknown_email__still_runs_one_argon2_verify(storage):
    calls = []

    class SpyHasher(PasswordHasher):
        def verify(self, hash, password):
            calls.append(hash)
            return super().verify(hash, password)

    accounts = Users(storage, SpyHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts.create("ana@example.cz", PASSWORD, "city")
    assert accounts.verify("nobody@example.cz", PASSWORD) is None
    assert accounts.verify("ana@example.cz", "wrong-password") is None
    assert len(calls) == 2 and all(h.startswith("$argon2id$") for h in calls)


def test_users_verify__old_parameters__hash_upgraded_on_login(storage):
    weak = Users(storage, make_hasher(time_cost=1, memory_cost=1024, parallelism=1))
    weak.create("ana@example.cz", PASSWORD, "admin")
    stronger = Users(storage, make_hasher(time_cost=2, memory_cost=2048, parallelism=1))
    assert stronger.verify("ana@example.cz", PASSWORD) is not None
    [doc] = storage.table("users").all()
    assert doc["password_hash"].startswith("$argon2id$v=19$m=2048,t=2,p=1$")


def test_make_hasher__production_defaults__argon2id_64mib_t3_p4():
    hashed = make_hasher().hash(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


# --- flask users ... --------------------------------------------------------------

def test_cli_create__password_stdin__created_and_listed(runner, accounts):
    result = cli(runner, "users", "create", "Ana@Example.cz", "--role", "admin", "--password-stdin",
                 input=PASSWORD + "\n")
    assert (result.exit_code, result.output) == (0, "created ana@example.cz (admin)\n")
    cli(runner, "users", "create", "mesto@litvinov.cz", "--role", "city", "--password-stdin", input=PASSWORD + "\n")
    listed = cli(runner, "users", "list")
    assert listed.output == ("email              role         active\n"
                             "ana@example.cz     admin        yes\n"
                             "mesto@litvinov.cz  city         yes\n")
    assert "$argon2" not in listed.output
    assert accounts.verify("ana@example.cz", PASSWORD)["role"] == "admin"


def test_cli_create__prompted_twice_hidden__created(runner, accounts):
    result = cli(runner, "users", "create", "ana@example.cz", "--role", "facilitator",
                 input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert result.output == "Password: \nRepeat the password: \ncreated ana@example.cz (facilitator)\n"
    assert PASSWORD not in result.output


def test_cli_create__prompts_differ__asks_again_nothing_created(runner, accounts):
    result = cli(runner, "users", "create", "ana@example.cz", "--role", "city",
                 input=f"{PASSWORD}\nsomething-else\n")
    assert result.exit_code == 1
    assert "Error: The two entered values do not match." in result.output
    assert accounts.list() == []


@pytest.mark.parametrize("args, stdin, message", [
    (["ana@example.cz", "--role", "admin", "--password-stdin"], "kratke\n",
     "Error: the password must have at least 10 characters\n"),
    (["ana(at)example.cz", "--role", "admin", "--password-stdin"], PASSWORD + "\n",
     "Error: 'ana(at)example.cz' is not a valid email address (expected e.g. name@example.cz)\n"),
])
def test_cli_create__bad_input__exit_1_clear_message(runner, accounts, args, stdin, message):
    result = cli(runner, "users", "create", *args, input=stdin)
    assert (result.exit_code, result.output) == (1, message)
    assert accounts.list() == []


def test_cli_create__unknown_role__usage_error(runner):
    result = cli(runner, "users", "create", "ana@example.cz", "--role", "boss", "--password-stdin", input=PASSWORD)
    assert result.exit_code == 2
    assert "'boss' is not one of 'admin', 'facilitator', 'city'" in result.output


def test_cli_create__duplicate__refused_before_password(runner, accounts):
    accounts.create("ana@example.cz", PASSWORD, "admin")
    result = cli(runner, "users", "create", "ANA@example.cz", "--role", "city")
    assert (result.exit_code, result.output) == (
        1, "Error: a user ana@example.cz already exists (use `users set-password` to change the password)\n")


def test_cli_set_password__old_fails_new_works(runner, accounts):
    accounts.create("ana@example.cz", PASSWORD, "admin")
    result = cli(runner, "users", "set-password", "Ana@example.cz", "--password-stdin", input="nove-heslo-22\n")
    assert (result.exit_code, result.output) == (0, "password changed for ana@example.cz\n")
    assert accounts.verify("ana@example.cz", PASSWORD) is None
    assert accounts.verify("ana@example.cz", "nove-heslo-22") is not None


def test_cli_set_password__unknown_user__exit_1(runner):
    result = cli(runner, "users", "set-password", "nikdo@example.cz", "--password-stdin", input=PASSWORD)
    assert (result.exit_code, result.output) == (1, "Error: there is no user nikdo@example.cz\n")


def test_cli_disable_and_enable__login_blocked_then_allowed(runner, accounts):
    accounts.create("ana@example.cz", PASSWORD, "facilitator")
    assert cli(runner, "users", "disable", "ana@example.cz").output == "disabled ana@example.cz\n"
    assert accounts.verify("ana@example.cz", PASSWORD) is None
    assert cli(runner, "users", "list").output.splitlines()[1].split() == ["ana@example.cz", "facilitator", "no"]
    assert cli(runner, "users", "enable", "ana@example.cz").output == "enabled ana@example.cz\n"
    assert accounts.verify("ana@example.cz", PASSWORD) is not None


def test_cli_list__no_users__says_how_to_create_the_first_admin(runner):
    assert cli(runner, "users", "list").output == (
        "no users yet; create the first admin with: flask --app wsgi users create EMAIL --role admin\n")
