"""Focus groups as channel `focus_group` of the exports and summaries (pandas, no Flask).

An adapter between focus_groups.py (records, focus_group_marks) and the survey's
tables: `load()` reads the records once into a FocusGroupData (sessions, notes,
tallies, composition as frames); the exporters add its notes to the marks table and
the GeoJSON, and summaries.py adds its tallies, composition and notes to the long
table, the map areas and the 100 m grid (README "Exports and summaries").

Counting rule: a note stands for the children who backed it (`agreed`), but the same
children may back several notes of one category in one place. As one child's five
marks in one square count once, a session counts, per area or square and category,
the largest `agreed` of its notes there (never more than the children present);
sessions add up (different children).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lazy_imports import numpy as np  # imported on first use, not at app start
from .lazy_imports import pandas as pd

from ..fieldwork import focus_groups
from . import grid
from ..questionnaire.model import text
from ..vocabulary import DEFAULT_LANG, NO_WAVE, OTHER

CHANNEL = focus_groups.CHANNEL
GENDER_QUESTION = "focus_group_gender"
GENDER_LABEL = {"cs": "Složení fokusních skupin: pohlaví", "en": "Focus groups' composition: gender"}
GENDER_LABELS = {"girl": {"cs": "dívky", "en": "girls"}, "boy": {"cs": "chlapci", "en": "boys"},
                 "other": {"cs": "jiné / neuvedeno", "en": "other / not stated"}}
NOTE_COLUMNS = ["session", "wave", "response_id", "question", "lat", "lon", "category", "feeling",
                "place", "agreed", "experience", "age_band", "quote"]


@dataclass
class FocusGroupData:
    """The focus groups of one selection. sessions: session, wave, day, present;
    notes: NOTE_COLUMNS (`quote` only when loaded with include_text, else None;
    `place` the chosen place or the area holding the point); tallies: session,
    question, option, n; composition: session, kind ("age_band"/"gender"), value, n."""
    sessions: pd.DataFrame
    notes: pd.DataFrame
    tallies: pd.DataFrame
    composition: pd.DataFrame
    include_text: bool = False
    extra: dict = field(default_factory=dict)

    def __len__(self):
        return len(self.sessions)


def empty() -> FocusGroupData:
    return from_records(None, [], [])


def select(sessions, marks, campaign=None, wave=None):
    """(sessions, marks) of one campaign and/or wave label ("bez vlny" for sessions
    without a wave). Callers read them from storage (fieldwork.focus_groups) and hand
    them in; the safeguarding flags are never part of them."""
    sessions = [r for r in sessions if _selected(r, campaign, wave)]
    ids = {r["id"] for r in sessions}
    return sessions, [m for m in marks if m["focus_group_id"] in ids]


def _selected(record, campaign, wave):
    label = NO_WAVE if record.get("wave") is None else str(record["wave"])
    return (campaign is None or str(record.get("campaign_id")) == str(campaign)) and \
        (wave is None or label == str(wave))


def from_records(questionnaire, sessions, marks, include_text=False) -> FocusGroupData:
    """FocusGroupData from focus-group records and focus_group_marks() dicts (pure)."""
    sessions = sorted(sessions, key=lambda r: r["id"])
    frame = pd.DataFrame({"session": pd.Series([r["id"] for r in sessions], dtype="int64"),
                          "wave": pd.Series([r.get("wave") for r in sessions], dtype=object),
                          "day": pd.Series([r.get("date") for r in sessions], dtype=object),
                          "present": pd.Series([focus_groups.children_present(r) for r in sessions],
                                               dtype="int64")})
    tallies = [(r["id"], q, code, int(n)) for r in sessions
               for q, counts in (r.get("tallies") or {}).items() for code, n in counts.items()]
    composition = []
    for r in sessions:
        by_gender = {}
        for band, row in (r.get("composition") or {}).items():
            composition.append((r["id"], "age_band", band, int(sum(row.values()))))
            for gender, n in row.items():
                by_gender[gender] = by_gender.get(gender, 0) + int(n)
        composition += [(r["id"], "gender", g, n) for g, n in by_gender.items()]
    notes = pd.DataFrame({
        "session": pd.Series([m["focus_group_id"] for m in marks], dtype="int64"),
        "wave": pd.Series([m.get("wave") for m in marks], dtype=object),
        **{c: pd.Series([m.get(c) for m in marks], dtype=object)
           for c in ("response_id", "question", "category", "feeling", "place", "experience", "age_band")},
        "lat": pd.Series([m.get("lat") for m in marks], dtype="float64"),
        "lon": pd.Series([m.get("lon") for m in marks], dtype="float64"),
        "agreed": pd.Series([int(m.get("agreed") or 1) for m in marks], dtype="int64"),
        "quote": pd.Series([m.get("quote") if include_text else None for m in marks], dtype=object),
    })[NOTE_COLUMNS]
    positioned = notes["lat"].notna().to_numpy()
    if questionnaire is not None and positioned.any():
        place = notes["place"].to_numpy(dtype=object, copy=True)
        place[positioned] = grid.area_of_points(notes["lat"].to_numpy()[positioned],
                                                notes["lon"].to_numpy()[positioned], questionnaire.places)
        notes["place"] = pd.Series(place, dtype=object)
    return FocusGroupData(frame, notes,
                          pd.DataFrame(tallies, columns=["session", "question", "option", "n"]),
                          pd.DataFrame(composition, columns=["session", "kind", "value", "n"]),
                          include_text)


# --- raw exports (facilitators) -----------------------------------------------------

def marks_rows(questionnaire, data) -> pd.DataFrame:
    """The notes as rows of the marks table: response_id `fg<id>-<note>`, channel
    focus_group, `agreed` children, `experience`, and the quote as `comment` (only
    when loaded with include_text)."""
    labels = {}
    for question in questionnaire.questions:
        if question.type == "map":
            labels[question.id] = {c.value: text(c.label, DEFAULT_LANG) for c in question.config.get("categories") or []}
    notes = data.notes
    return pd.DataFrame({
        "response_id": notes["response_id"], "question": notes["question"], "lat": notes["lat"],
        "lon": notes["lon"], "category": notes["category"],
        "category_label": [labels.get(q, {}).get(c) for q, c in zip(notes["question"], notes["category"])],
        "feeling": notes["feeling"], "place": notes["place"], "channel": CHANNEL,
        "agreed": notes["agreed"], "experience": notes["experience"], "comment": notes["quote"]})


def geojson_features(questionnaire, data, with_age_band) -> list:
    """One Point feature per note with a point (notes naming a place have none)."""
    rows = marks_rows(questionnaire, data)
    features = []
    for note, age in zip(rows.to_dict("records"), data.notes["age_band"].tolist()):
        if note["lat"] != note["lat"]:
            continue
        properties = {k: note[k] for k in ("response_id", "question", "category", "category_label", "feeling")}
        if with_age_band:
            properties["age_band"] = age  # the age band of who said it, when noted
        properties.update(channel=CHANNEL, agreed=int(note["agreed"]), experience=note["experience"])
        if data.include_text:
            properties["comment"] = note["comment"]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [note["lon"], note["lat"]]},
                         "properties": properties})
    return features


# --- summaries --------------------------------------------------------------------

def scope_of_sessions(data, waves) -> np.ndarray:
    """Per session row, the index of its wave among `waves` (summaries' wave labels)."""
    position = {w: i for i, w in enumerate(waves)}
    return np.array([position[NO_WAVE if w is None else str(w)] for w in data.sessions["wave"]], dtype=np.int64)


def wave_days(data) -> list:
    """(wave, day) of every session, so that its wave takes part in the summary."""
    return list(zip(data.sessions["wave"], data.sessions["day"]))


def backed(data, scope_of_session, keys, n_keys, n_scopes):
    """counts[scope, key]: per session and key the largest `agreed` of its notes with
    that key (key -1: left out), capped at the children present; summed over sessions."""
    counts = np.zeros((n_scopes, max(n_keys, 1)), dtype=np.int64)
    if not len(data.notes):
        return counts[:, :n_keys]
    row_of = {s: i for i, s in enumerate(data.sessions["session"])}
    session = np.array([row_of[s] for s in data.notes["session"]], dtype=np.int64)
    keys = np.asarray(keys, dtype=np.int64)
    agreed = np.minimum(data.notes["agreed"].to_numpy(), data.sessions["present"].to_numpy()[session])
    keep = keys >= 0
    best = np.zeros((len(data.sessions), max(n_keys, 1)), dtype=np.int64)
    np.maximum.at(best, (session[keep], keys[keep]), agreed[keep])
    np.add.at(counts, scope_of_session, best)
    return counts[:, :n_keys]


def present_by_scope(data, scope_of_session, n_scopes) -> np.ndarray:
    return np.bincount(scope_of_session, weights=data.sessions["present"].to_numpy(),
                       minlength=n_scopes).astype(np.int64)


def summary_cells(data, specs, scope_of_session, n_scopes, pooled, group, age_labels):
    """The rows of channel `focus_group` for summaries.py (columns scope, spec, option,
    breakdown, group, n, base, fg): tallies of the questions' own option codes,
    composition by age band (under the age question, in its groups) and by gender
    (GENDER_QUESTION). base = children present in the wave's sessions."""
    present = present_by_scope(data, scope_of_session, n_scopes)
    row_of = {s: i for i, s in enumerate(data.sessions["session"])}
    frames = []

    def add(spec_id, options, frame):
        counts = np.zeros((n_scopes, len(options)), dtype=np.int64)
        index = {v: i for i, v in enumerate(options)}
        for session, value, n in zip(frame["session"], frame["value"], frame["n"]):
            option = index.get(value)
            if option is not None:
                counts[scope_of_session[row_of[session]], option] += int(n)
        bases = present.copy()
        if pooled:
            counts = np.vstack([counts, counts.sum(axis=0, keepdims=True)])
            bases = np.append(bases, bases.sum())
        scope, option = np.nonzero(np.broadcast_to(bases[:, None] > 0, counts.shape))
        frames.append(pd.DataFrame({"scope": scope, "spec": spec_id, "option": option, "breakdown": "channel",
                                    "group": group, "n": counts[scope, option], "base": bases[scope], "fg": True}))

    for spec in specs:
        qid = spec.question.id
        if qid == GENDER_QUESTION:
            add(qid, list(GENDER_LABELS), data.composition[data.composition["kind"] == "gender"])
        elif spec.kind in ("single", "multi") and qid in set(data.tallies["question"]):
            own = data.tallies[data.tallies["question"] == qid].rename(columns={"option": "value"})
            add(qid, [v for v, _ in spec.options], own)
        elif spec.kind == "single" and "age_band" in spec.skip and len(data.composition):
            bands = data.composition[data.composition["kind"] == "age_band"]
            # bands merged into OTHER ("ostatní") for the city count there
            known = set(age_labels)
            other = OTHER if OTHER in known else None
            bands = bands.assign(value=[b if b in known else other for b in bands["value"]])
            add(qid, [v for v, _ in spec.options], bands)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def gender_spec_question():
    """A stand-in question for the composition by gender (labels for the long table)."""
    from types import SimpleNamespace
    return SimpleNamespace(id=GENDER_QUESTION, type="focus_group_gender", label=GENDER_LABEL,
                           options=[], config={})
