"""The roles table (no Flask): role -> the permissions it grants.

Roles are data: a new permission is a new word in a row, never an if-chain. Views
name the permission they need (`permission_required("campaigns")`); the role matrix
test reads this table to know who must get in and who must get 403.
"""

ROLES = {
    # Users and everything else.
    "admin": frozenset({"users", "questionnaires", "campaigns", "posters", "focus_groups", "raw_data",
                        "free_text", "summaries", "safeguarding", "measures"}),
    # Community workers, APK, the advisory expert: run the assessment, see raw data.
    "facilitator": frozenset({"questionnaires", "campaigns", "posters", "focus_groups", "raw_data",
                              "free_text", "summaries", "safeguarding", "measures"}),
    # The city's staff: anonymous summaries and city downloads, and the measures the
    # town takes (the city takes most of them).
    "city": frozenset({"summaries", "measures"}),
}

ROLE_NAMES = tuple(ROLES)
