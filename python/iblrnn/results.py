"""Typed, read-only results: attribute access over the C++ results, ``to_dict()``, and
``load_run()`` reading any output folder of the command line into the same objects."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Dict, Iterator

import numpy as np

from . import _iblrnn


class Result(Mapping):
    """A result with named fields (a dataclass-like, read-only view of a nested mapping).

    Fields are attributes (``r.summary``, ``r.curves.psychometric.x``); nested mappings are
    Results too; ``fields()`` lists the names, ``to_dict()`` returns plain dicts with the
    same NumPy arrays and numbers, ``r["name"]`` works for names that are not identifiers,
    and a Result is a read-only Mapping (``keys()``, ``items()``, ``get()``).
    """

    __slots__ = ("_kind", "_data")

    def __init__(self, kind: str, data: Dict[str, Any]):
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_data", dict(data))

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{self._kind} has no field {name!r}; fields: {self.fields()}") from None

    def __getitem__(self, name: str) -> Any:
        value = self._data[name]
        return Result(name, value) if isinstance(value, dict) else value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._kind} is read-only")

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | {k for k in self._data if k.isidentifier()})

    def fields(self) -> list:
        """Names of the fields, in order."""
        return list(self._data)

    def to_dict(self) -> Dict[str, Any]:
        """The result as nested plain dicts (arrays and numbers are not copied)."""
        return {k: (Result(k, v).to_dict() if isinstance(v, dict) else v) for k, v in self._data.items()}

    def __repr__(self) -> str:
        return f"{self._kind}({', '.join(self.fields())})"


def _read_table(path: str) -> Dict[str, np.ndarray]:
    table = np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    if table.dtype.names is None:
        return {}
    return {name: np.atleast_1d(table[name]) for name in table.dtype.names}


def summary_schema(folder: str) -> Dict[str, Dict[str, Any]]:
    """The declared keys of a folder's summary.json ("analysis", or "" for a study folder):
    key path ("slope_stimulus/slope") -> type, shape, units, meaning, optional, nullable.
    Empty for folders whose summary has no declared schema yet."""
    for schema in _iblrnn.summary_schemas():
        if schema["folder"] == folder:
            return schema["keys"]
    return {}


def load_run(path: str) -> Result:
    """Read an output folder of ``iblrnn`` (simulate, bayes, train, eval, behavior, analyze,
    distill, reproduce) into a Result.

    Fields: ``path``; ``summary`` (summary.json, when present); ``config`` (config.toml's
    text); ``trials`` (trials.csv's columns as arrays); ``arrays`` (every .npy file, keyed by
    its path relative to the folder without ``.npy``, memory-mapped); ``tables`` (every other
    CSV file, keyed likewise, as dicts of columns). A distill folder's Result is
    "Distillation", as iblrnn.distill returns, with ``networks`` (its 2-unit models as
    Networks: radd, conventional, task_trained_2, those present); a folder holding distill/
    (a run folder after ``iblrnn distill RUN``) has ``distill``, that folder's fields.
    ``schema``: summary_schema() of analysis, distill and study folders.
    Raises OSError if the folder is missing.
    """
    path = os.fspath(path)
    if not os.path.isdir(path):
        raise OSError(f"{path}: not an output folder (missing)")
    data: Dict[str, Any] = {"path": path}
    summary = os.path.join(path, "summary.json")
    if os.path.exists(summary):
        with open(summary) as f:
            data["summary"] = json.load(f)
    config = os.path.join(path, "config.toml")
    if os.path.exists(config):
        with open(config) as f:
            data["config"] = f.read()
    trials = os.path.join(path, "trials.csv")
    if os.path.exists(trials):
        data["trials"] = _iblrnn.read_trials(trials)
    arrays: Dict[str, np.ndarray] = {}
    tables: Dict[str, Dict[str, np.ndarray]] = {}
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(root, name), path)
            if name.endswith(".npy"):
                arrays[rel[:-4]] = np.load(os.path.join(root, name), mmap_mode="r")
            elif name.endswith(".csv") and rel != "trials.csv":
                tables[rel[:-4]] = _read_table(os.path.join(root, name))
    data["arrays"] = arrays
    data["tables"] = tables
    summary = data.get("summary", {})
    distilled = "radd" in summary and "teacher" in summary
    if distilled:
        data["networks"] = {name: _iblrnn.load_network(os.path.join(path, name))
                            for name in _DISTILLED_MODELS
                            if os.path.exists(os.path.join(path, name, "network.json"))}
    elif os.path.exists(os.path.join(path, "distill", "summary.json")):
        data["distill"] = load_run(os.path.join(path, "distill")).to_dict()
    kind = "analysis" if "slope_stimulus" in summary else "distill" if distilled else (
        "" if os.path.exists(os.path.join(path, "report.html")) else None)
    if kind is not None:
        data["schema"] = summary_schema(kind)
    return Result("Distillation" if distilled else "Run", data)


# The 2-unit models of a distill folder, each a network folder.
_DISTILLED_MODELS = ("radd", "conventional", "task_trained_2")
