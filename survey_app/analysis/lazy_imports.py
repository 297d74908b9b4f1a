"""Heavy libraries (numpy, pandas, matplotlib, fpdf) imported on first use, not at
app start: a gunicorn worker that only takes submits never loads them (≈ 3 s and
≈ 100 MB per worker). `from .lazy_imports import pandas as pd` is used like
`import pandas as pd` inside functions. Modules using one in annotations have
`from __future__ import annotations`, so a signature does not load it."""
import importlib
import threading
import types

_lock = threading.Lock()


class LazyModule(types.ModuleType):
    """Stands for module `name`; the first attribute access imports it (and its
    `submodules`, then calls `setup(module)`), later ones are forwarded."""

    def __init__(self, name: str, submodules=(), setup=None):
        super().__init__(name)
        self.__dict__.update(_lazy_target=None, _lazy_submodules=submodules, _lazy_setup=setup)

    def _lazy_load(self):
        module = self.__dict__["_lazy_target"]
        if module is None:
            with _lock:
                module = self.__dict__["_lazy_target"]
                if module is None:
                    module = importlib.import_module(self.__name__)
                    if self.__dict__["_lazy_setup"]:
                        self.__dict__["_lazy_setup"](module)
                    for sub in self.__dict__["_lazy_submodules"]:
                        importlib.import_module(f"{self.__name__}.{sub}")
                    self.__dict__["_lazy_target"] = module
        return module

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # copy/pickle/inspect probes: no import for them
        return getattr(self._lazy_load(), attr)

    def __dir__(self):
        return dir(self._lazy_load())


numpy = LazyModule("numpy")
pandas = LazyModule("pandas")
# Agg only (no display); charts use Figure objects, never pyplot.
matplotlib = LazyModule("matplotlib", submodules=("patches", "figure"), setup=lambda m: m.use("Agg"))
fpdf = LazyModule("fpdf")
