"""A rebuild that spills postings to disk writes the very index one that holds them in memory writes."""

import random

import pytest
from whoosh import index

from dpia.search import writing
from dpia.search.home import Indexes
from dpia.search.schema import content_schema, names_schema

WORDS = [f"word{n}" for n in range(300)] + ["custody", "custodial", "bias", "testing", "tested"]


def _documents(count: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(20261205)
    names, content = [], []
    for number in range(count):
        system = str(number // 5)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 120)))
        content.append(
            {
                "doc_id": f"v{number}",
                "system_id": system,
                "kind": rng.choice(["dpia", "eqia"]),
                "text" if number % 3 else "text_old": text,
                "title": f"Version {number}",
                "lines": [["a", "b", text[:80], False]],
                "changed": 20260000 + number,
                "conducted_start": 20200101 + number % 300,
                "conducted_end": 20200101 + number % 300,
            }
        )
        if number % 5 == 0:
            names.append({"system_id": system, "words": f"system {system}", "keys": f"system {system}"})
    return names, content


def _built(folder, memory_mb: int) -> Indexes:
    (folder / "names").mkdir(parents=True)
    (folder / "content").mkdir()
    indexes = Indexes(
        "g",
        index.create_in(folder / "names", names_schema()),
        index.create_in(folder / "content", content_schema()),
    )
    names, content = _documents(3000)
    assert writing.fill(indexes, names, content, memory_mb=memory_mb, procs=1) == 3000
    return indexes


def _dump(ix: index.Index) -> dict:
    """Every term's postings (docnum, weight, positions), every field length, stored field and column."""
    with ix.reader() as reader:
        terms = {
            (fieldname, text): _postings(reader, fieldname, text) for fieldname, text in reader.all_terms()
        }
        documents = range(reader.doc_count_all())
        lengths = {
            name: [reader.doc_field_length(n, name) for n in documents]
            for name, field in ix.schema.items()
            if field.scorable
        }
        stored = [reader.stored_fields(n) for n in documents]
        columns = {
            name: list(reader.column_reader(name))
            for name, field in ix.schema.items()
            if field.column_type and reader.has_column(name)
        }
    return {"terms": terms, "lengths": lengths, "stored": stored, "columns": columns}


def _postings(reader, fieldname: str, text: bytes) -> list[tuple]:
    found, matcher = [], reader.postings(fieldname, text)
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


@pytest.fixture(scope="module")
def in_memory(tmp_path_factory):
    return _dump(_built(tmp_path_factory.mktemp("memory"), memory_mb=2048).content)


def test_spilling_to_disk_many_times_changes_nothing(tmp_path, in_memory):
    spilt = _dump(_built(tmp_path, memory_mb=1).content)
    assert len(in_memory["terms"]) > 300
    assert spilt["terms"].keys() == in_memory["terms"].keys()
    for key, postings in in_memory["terms"].items():
        assert spilt["terms"][key] == postings, key
    for part in ("lengths", "stored", "columns"):
        assert spilt[part] == in_memory[part], part


def test_more_runs_than_may_be_open_at_once_are_merged_in_batches(tmp_path, in_memory, monkeypatch):
    monkeypatch.setattr(writing, "MAX_RUNS_OPEN", 3)
    spilt = _dump(_built(tmp_path, memory_mb=1).content)
    assert spilt == in_memory
    assert not list(tmp_path.rglob("*.run"))
