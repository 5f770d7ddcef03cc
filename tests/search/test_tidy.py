"""Merging segments between saves: the few smallest at a time, nothing lost, deleted documents dropped."""

from whoosh import fields, index, query

from dpia.search import writing
from dpia.search.home import Indexes


def _indexes(tmp_path) -> Indexes:
    schema = fields.Schema(key=fields.ID(unique=True, stored=True), text=fields.TEXT)
    made = []
    for name in ("content", "names"):
        (tmp_path / name).mkdir()
        made.append(index.create_in(tmp_path / name, schema))
    return Indexes("g", names=made[1], content=made[0])


def _save(ix, key: str, text: str) -> None:
    writer = ix.writer()
    writer.update_document(key=key, text=text)
    writer.commit(merge=False)


def _sizes(ix) -> list[int]:
    with ix.reader() as reader:
        return sorted(leaf.doc_count_all() for leaf, _offset in reader.leaf_readers())


def test_between_saves_only_the_smallest_segments_are_merged_and_nothing_is_lost(tmp_path):
    indexes = _indexes(tmp_path)
    writer = indexes.content.writer()
    for n in range(300):
        writer.add_document(key=f"big{n}", text=f"register entry {n}")
    writer.commit()
    for n in range(20):
        _save(indexes.content, f"save{n}", f"custody images {n}")
    _save(indexes.content, "big7", "custody images replaced")  # deletes a document of the big segment
    assert _sizes(indexes.content) == [1] * 21 + [300]

    writing.tidy(indexes, timeout=5, most=16, thorough=False)
    # The eight smallest became one; the big segment, with its deletion, was not rewritten.
    assert _sizes(indexes.content) == [1] * 13 + [8, 300]
    with indexes.content.searcher() as searcher:
        keys = {hit["key"] for hit in searcher.search(query.Term("text", "custody"), limit=None)}
        assert keys == {f"save{n}" for n in range(20)} | {"big7"}
        assert searcher.doc_count() == 320

    # Once saves pause, Whoosh's own policy merges more (including what the last merge made).
    writing.tidy(indexes, timeout=5, most=8, thorough=True)
    assert len(_sizes(indexes.content)) < 15
    with indexes.content.searcher() as searcher:
        assert searcher.doc_count() == 320
        assert len(searcher.search(query.Term("text", "custody"), limit=None)) == 21


def test_nothing_is_merged_below_the_limit(tmp_path):
    indexes = _indexes(tmp_path)
    for n in range(5):
        _save(indexes.content, f"save{n}", "bias testing")
    writing.tidy(indexes, timeout=5, most=16, thorough=False)
    assert _sizes(indexes.content) == [1] * 5
