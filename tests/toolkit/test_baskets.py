"""kb.toolkit.baskets: baskets kept in SQLite per browser owner, several per owner, export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.config import Settings
from kb.models import Hit
from kb.toolkit.basket import BasketItem
from kb.toolkit.baskets import DEFAULT_NAME, BasketStore, BasketStoreError, new_owner, store_path, valid_owner


def _hit(n: int) -> Hit:
    return Hit(passage_id=f"d-000{n}", doc_id="d", title="讲话", heading="", text=f"第{n}段。", snippet="", score=1.0,
               source="a.txt", date="2020")


def test_store_lives_beside_the_index_or_in_the_data_folder(tmp_path: Path) -> None:
    assert store_path(Settings(index=tmp_path / "index")) == tmp_path / "baskets.sqlite"
    assert store_path(Settings(index=tmp_path / "index", data=tmp_path / "site")) == tmp_path / "site" / "baskets.sqlite"


def test_owner_ids() -> None:
    a, b = new_owner(), new_owner()
    assert a != b and valid_owner(a) and valid_owner(b)
    assert not valid_owner(None) and not valid_owner("short") and not valid_owner("x" * 20 + ";path=/")


def test_a_basket_survives_a_new_store_on_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "baskets.sqlite"
    me = new_owner()
    store = BasketStore(path)
    first = store.current(me)
    assert store.baskets(me) == [(first, DEFAULT_NAME, 0)]
    assert store.change(me, first, lambda b: b.add(_hit(1))) is True
    assert store.change(me, first, lambda b: b.add(_hit(1))) is False
    store.change(me, first, lambda b: b.add(_hit(2)))
    store.change(me, first, lambda b: b.set_note("d-0002", "开头"))
    again = BasketStore(path)  # a restarted site
    basket = again.load(me, again.current(me))
    assert [i.passage_id for i in basket] == ["d-0001", "d-0002"]
    assert basket.items[1].note == "开头"
    stranger = new_owner()
    assert len(again.load(stranger, again.current(stranger))) == 0  # another browser sees its own


def test_several_named_baskets(tmp_path: Path) -> None:
    store = BasketStore(tmp_path / "b.sqlite")
    me = new_owner()
    first = store.current(me)
    second = store.create(me, "调研报告")
    assert store.current(me) == second
    store.change(me, second, lambda b: b.add(_hit(3)))
    store.rename(me, first, "年中讲话")
    assert store.baskets(me) == [(first, "年中讲话", 0), (second, "调研报告", 1)]
    store.choose(me, first)
    assert store.current(me) == first
    with pytest.raises(KeyError):
        store.choose(new_owner(), second)  # not someone else's basket
    store.delete(me, first)
    assert store.current(me) == second and [b[0] for b in store.baskets(me)] == [second]


def test_export_and_import_of_all_baskets(tmp_path: Path) -> None:
    store = BasketStore(tmp_path / "b.sqlite")
    me, other = new_owner(), new_owner()
    store.change(me, store.current(me), lambda b: b.add(BasketItem.of(_hit(1), note="用在开头")))
    store.create(me, "第二篮")
    data = store.export(me)
    assert json.loads(data)["baskets"][0]["items"][0]["note"] == "用在开头"
    assert store.import_(other, data) == 2
    names = [n for _i, n, _c in store.baskets(other)]
    assert names == [DEFAULT_NAME, "第二篮"]
    with pytest.raises(BasketStoreError) as err:
        store.import_(other, "{not json")
    assert err.value.code == "basket_store" and "JSON" in str(err.value)


def test_unwritable_folder_says_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BasketStoreError) as err:
        BasketStore(blocker / "baskets.sqlite")
    assert "KB_DATA" in str(err.value)
