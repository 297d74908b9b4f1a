"""Focus groups (fokusní skupiny) as a second channel of the survey dataset (no Flask).

A focus-group record belongs to a campaign and wave of a questionnaire (the children's
`deti-bezpeci`) and holds: date, place, facilitators (staff names; children's names
are never asked for), the group's composition as counts by age band and gender, the
consent confirmation (counts only), free notes, sticky notes on the map, tallies of
the `strategie` and `potreby` option codes, photos of the paper map, and the history
of every change (who changed which field, when, old and new value).

Categories, age bands, places and tally options are read from the questionnaire
(`spec_for`), so that the notes merge with the children's own map marks.
Table in meta.json: "focus_groups"; its TinyDB doc ids are the record ids.
The merged outputs for exports: focus_group_marks, _tallies, _composition.

This module is the public face; the work is split by job:
focus_group_model.py (constants, Spec, errors, parsing) and focus_group_records.py
(storage and merged outputs).
"""
from .focus_group_model import (  # noqa: F401
    AGE_QUESTION, CHANNEL, EXPERIENCES, GENDERS, MAP_QUESTION, MAX_CHILDREN, MAX_FACILITATORS,
    MAX_NOTES_TEXT, MAX_QUOTE, MAX_TEXT, SESSION_FIELDS, TABLE, TALLY_QUESTIONS, FocusGroupError,
    Spec, children_present, parse_note, parse_session, parse_tallies, spec_for, utc_now)
from .focus_group_records import (  # noqa: F401
    add_note, add_photo, create_session, delete_note, find_photo, focus_group_composition,
    focus_group_marks, focus_group_tallies, get_session, list_sessions, public_json,
    set_photo_bounds, set_tallies, update_note, update_session)
