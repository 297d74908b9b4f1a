"""The questionnaires the app serves, reloaded when their files change (no Flask:
survey_app/web/registry.py keeps one Registry per app).

A broken file never stops the app: its errors are kept and its survey answers
"not available" while the others keep working.
"""
import os
import threading
from pathlib import Path

from .loader import load_directory


class QuestionnaireUnavailable(Exception):
    def __init__(self, questionnaire_id, errors=()):
        super().__init__(questionnaire_id)
        self.questionnaire_id = questionnaire_id
        self.errors = list(errors)


def _mtime_size(entry):
    stat = entry.stat()  # one stat per file and request: the submit path's hottest I/O
    return stat.st_mtime_ns, stat.st_size


class Registry:
    def __init__(self, directory):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._signature = None
        self._questionnaires = {}
        self._errors = {}

    def _current_signature(self):
        try:
            entries = [(e.name, *_mtime_size(e)) for e in os.scandir(self.directory)
                       if e.name.endswith(".yaml")]
        except FileNotFoundError:
            entries = []
        return tuple(sorted(entries))

    def _refresh(self):
        signature = self._current_signature()
        with self._lock:
            if signature != self._signature:
                self._questionnaires, self._errors = load_directory(self.directory)
                self._signature = signature

    def get(self, questionnaire_id):
        """The questionnaire, or QuestionnaireUnavailable (with errors if the file is broken)."""
        self._refresh()
        found = self._questionnaires.get(questionnaire_id)
        if found is None:
            raise QuestionnaireUnavailable(questionnaire_id, self._errors.get(questionnaire_id, ()))
        return found

    def all(self):
        self._refresh()
        return [self._questionnaires[k] for k in sorted(self._questionnaires)]

    def errors(self):
        self._refresh()
        return dict(self._errors)
