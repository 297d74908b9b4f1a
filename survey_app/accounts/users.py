"""Accounts of the people who run the survey (no Flask): create, set a password,
disable, list, verify a login. Respondents never have accounts.

Users live in the metadata table `users` of Storage, one document each:
    {email, role, password_hash, active, created_at, password_changed_at, session_token}
Emails are stored lowercased, so `Ana@Example.org` and `ana@example.org` are one
account. Only argon2 hashes are stored; `list_users` never returns them.

Password hashing: argon2id through argon2-cffi's PasswordHasher with its defaults,
the RFC 9106 "low memory" profile: time_cost=3, memory_cost=65536 KiB (64 MiB),
parallelism=4, 32-byte hash, 16-byte random salt. About 0.3-0.5 s per hash on the
2-core test machine: slow for an attacker with a stolen meta.json, fine for a login.
Tests may pass cheaper parameters through `make_hasher` (see tests/conftest.py).

Sessions: every account has a random `session_token` (32 bytes, never derived from
the hash). A login copies it into the session cookie; logout, a password change and
`end_sessions` replace it, so every cookie issued before stops working on every worker.
"""
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .roles import ROLE_NAMES

TABLE = "users"
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only stops absurd input
# Pragmatic, not RFC 5322: one @, no spaces, a dot in the domain. Enough to catch typos.
EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
MAX_EMAIL_LENGTH = 254


class UserError(ValueError):
    """A user operation was refused; the message says why and what to do instead."""


def make_hasher(time_cost=3, memory_cost=65536, parallelism=4) -> PasswordHasher:
    """An argon2id PasswordHasher; the defaults are the documented production values."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise_email(email) -> str:
    """The stored form of an email (trimmed, lowercase); UserError when it is not one."""
    if not isinstance(email, str):
        raise UserError("an email address is required")
    cleaned = email.strip().lower()
    if len(cleaned) > MAX_EMAIL_LENGTH or not EMAIL_RE.fullmatch(cleaned):
        raise UserError(f"'{email.strip()}' is not a valid email address (expected e.g. name@example.cz)")
    return cleaned


def check_password(password) -> str:
    """The password itself when acceptable; UserError saying why not."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise UserError("the password must not be only spaces")
    return password


def check_role(role) -> str:
    if role not in ROLE_NAMES:
        raise UserError(f"unknown role {role!r}: choose one of {', '.join(ROLE_NAMES)}")
    return role


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def public(doc) -> dict:
    """What may be shown about a user: never the password hash."""
    return {"id": doc.doc_id, "email": doc["email"], "role": doc["role"],
            "active": doc.get("active", True), "created_at": doc.get("created_at")}


@dataclass
class Users:
    """User management over `storage.table("users")` with one password hasher."""
    storage: object
    hasher: PasswordHasher

    def _table(self):
        return self.storage.table(TABLE)

    def _find(self, email):
        email = normalise_email(email)
        for doc in self._table().all():
            if doc.get("email") == email:
                return doc
        return None

    def _require(self, email):
        doc = self._find(email)
        if doc is None:
            raise UserError(f"there is no user {normalise_email(email)}")
        return doc

    def create(self, email, password, role) -> dict:
        """Add an active user; returns public(user). UserError for a bad email, role
        or password, or when the email is taken (whatever its case)."""
        email, role = normalise_email(email), check_role(role)
        password_hash = self.hasher.hash(check_password(password))  # slow: outside the lock
        with self.storage.transaction():
            if self._find(email) is not None:
                raise UserError(f"a user {email} already exists (use `users set-password` to change "
                                "the password)")
            now = utc_now()
            doc_id = self._table().insert({
                "email": email, "role": role, "password_hash": password_hash, "active": True,
                "created_at": now, "password_changed_at": now, "session_token": new_session_token(),
            })
            return public(self._table().get(doc_id=doc_id))

    def set_password(self, email, password) -> dict:
        """Replace the password; sessions opened with the old one stop working."""
        password_hash = self.hasher.hash(check_password(password))
        with self.storage.transaction():
            doc = self._require(email)
            self._table().update({"password_hash": password_hash, "password_changed_at": utc_now(),
                                  "session_token": new_session_token()}, doc_ids=[doc.doc_id])
            return public(self._table().get(doc_id=doc.doc_id))

    def disable(self, email) -> dict:
        """Block the account (kept for the record); its sessions end at once."""
        return self._set_active(email, False)

    def enable(self, email) -> dict:
        """Let a disabled account log in again (with its old password)."""
        return self._set_active(email, True)

    def _set_active(self, email, active: bool) -> dict:
        with self.storage.transaction():
            doc = self._require(email)
            self._table().update({"active": active}, doc_ids=[doc.doc_id])
            return public(self._table().get(doc_id=doc.doc_id))

    def end_sessions(self, user_id: int) -> None:
        """Replace the account's session token: every session of it ends (logout)."""
        with self.storage.transaction():
            if self._table().get(doc_id=user_id) is not None:
                self._table().update({"session_token": new_session_token()}, doc_ids=[user_id])

    def session_token(self, user_id: int) -> str:
        """The account's current session token (one is made for accounts older than tokens)."""
        doc = self._table().get(doc_id=user_id)
        if doc is None:
            raise UserError(f"there is no user with id {user_id}")
        if not doc.get("session_token"):
            with self.storage.transaction():
                self._table().update({"session_token": new_session_token()}, doc_ids=[user_id])
            doc = self._table().get(doc_id=user_id)
        return doc["session_token"]

    def exists(self, email) -> bool:
        return self._find(email) is not None

    def list(self) -> list[dict]:
        """Every user as public(), sorted by email."""
        return sorted((public(doc) for doc in self._table().all()), key=lambda u: u["email"])

    def verify(self, email, password):
        """The user document (with its doc_id) when the email and password match an
        active account, else None. An unknown or invalid email is checked against a
        dummy hash, so the answer takes about as long whichever part was wrong."""
        try:
            doc = self._find(email)
        except UserError:
            doc = None
        if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
            password = ""
        stored = doc.get("password_hash") if doc is not None else None
        try:
            self.hasher.verify(stored or self._dummy_hash(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if doc is None or stored is None or not doc.get("active", True):
            return None
        if self.hasher.check_needs_rehash(stored):
            # Parameters were raised since this hash was made: upgrade it now that we
            # know the password. The session stamp is taken after this.
            with self.storage.transaction():
                self._table().update({"password_hash": self.hasher.hash(password)}, doc_ids=[doc.doc_id])
            doc = self._table().get(doc_id=doc.doc_id)
        return doc

    def _dummy_hash(self) -> str:
        if getattr(self, "_dummy", None) is None:
            self._dummy = self.hasher.hash("not a real password, only for timing")
        return self._dummy
