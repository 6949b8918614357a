"""The joblib reader that never unpickles: plain data comes back, any named callable is refused."""

from __future__ import annotations

import collections
import os
import pickle
from pathlib import Path

import pytest

from kb.search.safe_pickle import _Record, read_joblib_arrays


def test_plain_data_is_read_back_as_it_was_written(tmp_path: Path) -> None:
    f = tmp_path / "plain.m"
    f.write_bytes(pickle.dumps({"words": ["交办", "交待"], "n": 2, "pair": (1.5, None)}, protocol=4))
    assert read_joblib_arrays(f) == {"words": ["交办", "交待"], "n": 2, "pair": (1.5, None)}


@pytest.mark.parametrize("obj, name", [(os.system, "system"), (collections.OrderedDict(a=1), "OrderedDict")])
def test_a_global_outside_numpy_and_scikit_learn_is_refused_before_anything_runs(
        tmp_path: Path, obj: object, name: str) -> None:
    f = tmp_path / "evil.m"
    f.write_bytes(pickle.dumps(obj, protocol=4))
    with pytest.raises(pickle.UnpicklingError, match=f"{name} is not expected in a word vector file"):
        read_joblib_arrays(f)


def test_a_record_only_remembers_its_name_arguments_and_state() -> None:
    r = _Record("sklearn.neighbors._ball_tree.BallTree")(1, "x")
    r.__setstate__({"k": 2})
    assert (r.name, r.args, r.state) == ("sklearn.neighbors._ball_tree.BallTree", (1, "x"), {"k": 2})
