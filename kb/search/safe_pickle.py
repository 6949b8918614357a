"""Reading the arrays of a joblib pickle without unpickling it (:mod:`kb.search.semantic`'s word vectors).

A joblib file is a pickle whose arrays follow their headers as raw bytes.  :func:`read_joblib_arrays`
walks its opcodes with a pickle machine whose every global resolves to an inert local record
(:class:`_Record`): no class or function named by the file is ever imported or called, only names of
scikit-learn, numpy and joblib's array wrapper are accepted, and arrays of objects are refused.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class _Record:
    """What a global of the file stands for here: only its name and the arguments it was given."""

    name: str
    args: tuple[Any, ...] = ()
    state: Any = None

    def __call__(self, *args: Any) -> _Record:
        return _Record(self.name, args)

    def __setstate__(self, state: Any) -> None:
        self.state = state


#: the names such a file may mention (besides scikit-learn's and numpy's): each becomes a _Record
_ALLOWED = {("joblib.numpy_pickle", "NumpyArrayWrapper")}


class _DataOnly(pickle._Unpickler):  # the pure-Python machine: its opcode table can be extended
    dispatch: dict[int, Any] = dict(pickle._Unpickler.dispatch)  # type: ignore[attr-defined, misc]
    stack: list[Any]
    append: Any

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED and not module.startswith(("sklearn.", "numpy")):
            raise pickle.UnpicklingError(f"{module}.{name} is not expected in a word vector file")
        return _Record(f"{module}.{name}")

    def _build(self) -> None:
        state = self.stack.pop()
        obj = self.stack[-1]
        if isinstance(obj, _Record):
            obj.state = state
            if obj.name == "joblib.numpy_pickle.NumpyArrayWrapper" and isinstance(state, dict):
                self.stack[-1] = _read_array(self._file_of_unpickler, state)
            return
        raise pickle.UnpicklingError("unexpected object state in a word vector file")

    dispatch[pickle.BUILD[0]] = _build

    def _newobj(self) -> None:
        args = self.stack.pop()
        cls = self.stack.pop()
        if not isinstance(cls, _Record):
            raise pickle.UnpicklingError("unexpected object in a word vector file")
        self.append(cls(*args))

    dispatch[pickle.NEWOBJ[0]] = _newobj

    def __init__(self, file: Any) -> None:
        super().__init__(file)
        self._file_of_unpickler = file


def _read_array(f: Any, state: dict[str, Any]) -> np.ndarray:
    dt = state.get("dtype")
    code = dt.args[0] if isinstance(dt, _Record) and dt.args else None
    if not isinstance(code, str) or not code[-1:].isdigit():
        raise pickle.UnpicklingError("an array of objects is not expected in a word vector file")
    dtype = np.dtype(code)
    shape = tuple(int(x) for x in state.get("shape", ()))
    count = int(np.prod(shape)) if shape else 1
    data = f.read(count * dtype.itemsize)
    if len(data) != count * dtype.itemsize:
        raise pickle.UnpicklingError("the word vector file is truncated")
    arr = np.frombuffer(data, dtype=dtype, count=count)
    return arr.reshape(shape, order=str(state.get("order", "C")))  # type: ignore[call-overload, no-any-return]


def read_joblib_arrays(path: Path) -> Any:
    """The object tree of a joblib file with its arrays as numpy arrays and everything else inert."""
    with open(path, "rb") as f:
        return _DataOnly(io.BufferedReader(f, buffer_size=1 << 20)).load()
