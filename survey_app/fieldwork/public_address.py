"""The public address printed on posters (no Flask): BASE_URL, else the address saved
on a campaign page (metadata table app_settings), else a non-local request host."""
import re

SETTINGS = "app_settings"  # metadata table of the app's own settings
MAX_ADDRESS = 200


class CampaignError(ValueError):
    """Invalid campaign data: `field` names what was wrong, the message says why."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


ADDRESS_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~/-]*)?")


def check_address(address) -> str:
    """A public address such as https://bezpeci.litvinov.cz (no trailing slash);
    CampaignError("address", why) otherwise."""
    if not isinstance(address, str):
        raise CampaignError("address", "must be text")
    address = address.strip().rstrip("/")
    if len(address) > MAX_ADDRESS:
        raise CampaignError("address", f"is {len(address)} characters long, at most {MAX_ADDRESS} are allowed")
    if not ADDRESS_RE.fullmatch(address):
        raise CampaignError("address", f"{address!r} is not a web address: write it as "
                                       f"https://name.of.the.server, e.g. https://bezpeci.litvinov.cz")
    return address


def stored_address(storage) -> str | None:
    """The public address saved on the campaign page, or None."""
    found = storage.table(SETTINGS).search(lambda d: d.get("key") == "public_address")
    return found[0].get("value") if found else None


def store_address(storage, address) -> str | None:
    """Save (or with an empty value, forget) the public address; returns it."""
    address = check_address(address) if (address or "").strip() else None
    with storage.transaction():
        table = storage.table(SETTINGS)
        table.remove(lambda d: d.get("key") == "public_address")
        if address:
            table.insert({"key": "public_address", "value": address})
    return address


# Where the printed address comes from.
FROM_SETTING, FROM_STORED, FROM_REQUEST = "setting", "stored", "request"
_LOCAL_HOSTS = re.compile(r"(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1\]|::1)(:\d+)?", re.IGNORECASE)


def public_address(base_url, stored, request_url=None) -> tuple[str | None, str | None]:
    """(address, source): the BASE_URL setting first, then the stored address, then the
    address the page was opened on (`request_url`, e.g. https://host/) unless it is a
    local one that a phone could not reach; (None, None) when there is none."""
    if base_url:
        return base_url.rstrip("/"), FROM_SETTING
    if stored:
        return stored, FROM_STORED
    if request_url:
        try:
            address = check_address(request_url)
        except CampaignError:
            return None, None
        host = address.split("://", 1)[1].split("/", 1)[0]
        if not _LOCAL_HOSTS.fullmatch(host):
            return address, FROM_REQUEST
    return None, None
