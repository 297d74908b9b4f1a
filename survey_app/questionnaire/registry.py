"""The questionnaires the app serves, reloaded when their files change (no Flask:
survey_app/web/registry.py keeps one Registry per app).

A broken file never stops the app: its errors are kept and its survey answers
"not available" while the others keep working.
"""
import os
import threading
import time
from pathlib import Path

from .loader import load_directory


class QuestionnaireUnavailable(Exception):
    def __init__(self, questionnaire_id, errors=()):
        super().__init__(questionnaire_id)
        self.questionnaire_id = questionnaire_id
        self.errors = list(errors)


# A directory changed this recently is listed again on every check: a file added in
# the same clock tick as the last listing leaves the directory's mtime unchanged (the
# "racy" timestamps Git also guards against).
RACY_NS = 2_000_000_000


class Registry:
    def __init__(self, directory):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._signature = None
        self._questionnaires = {}
        self._errors = {}
        self._listing = (None, ())  # (directory mtime, sorted (name, path) of the .yaml files)

    def _yaml_files(self, directory_mtime):
        """(name, path) of the .yaml files, listed again only when the directory changed."""
        listed_at, files = self._listing
        if listed_at != directory_mtime or time.time_ns() - directory_mtime < RACY_NS:
            files = tuple(sorted((e.name, e.path) for e in os.scandir(self.directory) if e.name.endswith(".yaml")))
            self._listing = (directory_mtime, files)
        return files

    def _current_signature(self):
        """What decides a reload: the name, mtime and size of each questionnaire file.
        Checked on every request, so it costs a stat per file and of the directory; the
        directory is listed only when files were added, removed or renamed."""
        try:
            files = self._yaml_files(os.stat(self.directory).st_mtime_ns)
        except FileNotFoundError:
            return ()
        entries = []
        for name, path in files:
            try:
                stat = os.stat(path)
            except FileNotFoundError:
                continue  # removed since the listing (the next check lists again)
            entries.append((name, stat.st_mtime_ns, stat.st_size))
        return tuple(entries)

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
