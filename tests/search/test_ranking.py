"""Term-at-a-time ranking gives Whoosh's own scores and order, across segments, deletions and the cache."""

import random

import pytest
from whoosh import fields, index, query

from dpia.search import ranking
from dpia.search.schema import content_schema

WORDS = [f"w{n}" for n in range(40)]


def _document(rng: random.Random, number: int) -> dict:
    # A skewed vocabulary, as in real text: low-numbered words are common, high-numbered ones rare.
    words = [WORDS[min(int(rng.expovariate(0.15)), len(WORDS) - 1)] for _ in range(rng.randint(3, 60))]
    return {
        "doc_id": str(number),
        "kind": rng.choice(["dpia", "eqia", "system"]),
        "status": rng.choice(["approved", "draft"]),
        "text": " ".join(words),
        "reference": rng.choice(["", f"ref{number % 7}"]),
    }


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """An on-disk index of 3,000 documents in several segments, some deleted, with the real schema."""
    folder = tmp_path_factory.mktemp("ranking")
    ix = index.create_in(folder, content_schema())
    rng = random.Random(20261205)
    for batch in range(4):
        writer = ix.writer()
        for number in range(batch * 750, (batch + 1) * 750):
            writer.add_document(**_document(rng, number))
        writer.commit(merge=False)
    writer = ix.writer()
    for number in rng.sample(range(3000), 300):
        writer.delete_by_term("doc_id", str(number))
    writer.commit(merge=False)
    found = ix.searcher()
    assert len(found.leaf_searchers()) > 1 and found.reader().has_deletions()
    yield found
    found.close()


def _queries(rng: random.Random) -> list[query.Query]:
    def term() -> query.Term:
        boost = rng.choice([1.0, 1.0, 2.0, 20.0])
        if rng.random() < 0.1:
            return query.Term("reference", f"ref{rng.randint(0, 6)}", boost=boost)
        return query.Term("text", rng.choice(WORDS), boost=boost)

    found = []
    for _ in range(60):
        terms = [term() for _ in range(rng.randint(1, 4))]
        shape = rng.choice(["and", "or", "nested"])
        if shape == "and":
            found.append(query.And(terms))
        elif shape == "or":
            found.append(query.Or(terms))
        else:
            found.append(query.Or([query.And(terms), query.Or([term(), term()])]))
    return found


def test_scores_and_order_are_whooshs_own(searcher):
    masked = set(searcher.docs_for_query(query.Term("status", "draft")))
    allowed = set(searcher.docs_for_query(query.Term("kind", "dpia")))
    compared = 0
    for wanted in _queries(random.Random(7)):
        for allow, exclude in ((None, None), (allowed, masked)):
            expected = searcher.search(
                wanted,
                limit=25,
                filter=query.Term("kind", "dpia") if allow else None,
                mask=query.Term("status", "draft") if exclude else None,
            )
            assert ranking.supports(searcher, wanted)
            got = ranking.top(searcher, wanted, 25, allow, exclude)
            assert [n for _score, n in got] == [hit.docnum for hit in expected], wanted
            assert [s for s, _n in got] == pytest.approx([hit.score for hit in expected], rel=1e-9)
            compared += len(got)
    assert compared > 1000


def test_document_sets_are_whooshs_own(searcher):
    for wanted in _queries(random.Random(11))[:30]:
        assert ranking.docs(searcher, wanted) == set(searcher.docs_for_query(wanted))
    assert ranking.docs(searcher, query.NullQuery) == set()


def test_phrases_negations_and_group_boosts_are_left_to_whoosh(searcher):
    for wanted in (
        query.Phrase("text", ["w1", "w2"]),
        query.And([query.Term("text", "w1"), query.Not(query.Term("text", "w2"))]),
        query.Or([query.Term("text", "w1"), query.Term("text", "w2")], scale=0.9),
        query.Prefix("text", "w1"),
        query.Or([query.Term("text", "w1"), query.Term("text", "w2")], boost=1.5),
    ):
        assert not ranking.supports(searcher, wanted)
        assert ranking.docs(searcher, wanted) == set(searcher.docs_for_query(wanted))


def test_a_deleted_document_is_never_served_from_the_cache(tmp_path):
    ix = index.create_in(tmp_path, fields.Schema(key=fields.ID(unique=True, stored=True), text=fields.TEXT))
    with ix.writer() as writer:
        for key in "abc":
            writer.add_document(key=key, text="custody images retention")
    wanted = query.Term("text", "custody")
    with ix.searcher() as before:
        assert len(ranking.top(before, wanted, 10)) == 3
    with ix.writer() as writer:
        writer.delete_by_term("key", "b")
    with ix.searcher() as after:
        kept = {after.stored_fields(n).get("key") for _s, n in ranking.top(after, wanted, 10)}
        expected = {after.stored_fields(h.docnum).get("key") for h in after.search(wanted)}
    assert len(kept) == 2 and kept == expected


def test_the_cache_stays_within_its_capacity(searcher):
    cache = ranking.Postings(capacity=500)
    reader = searcher.leaf_searchers()[0][0].reader()
    sizes = []
    for word in WORDS[:10]:
        btext = word.encode()
        if ("text", btext) in reader:
            ids, weights = cache.get(reader, "text", btext)
            assert len(ids) == len(weights) == reader.doc_frequency("text", btext)
            sizes.append(cache.size)
    assert max(sizes) > 0
    assert cache.size <= 500


def test_an_empty_index_or_an_unknown_word_finds_nothing(tmp_path):
    ix = index.create_in(tmp_path, content_schema())
    with ix.searcher() as empty:
        wanted = query.Or([query.Term("text", "custodi"), query.Term("reference", "hart")])
        assert ranking.supports(empty, wanted)
        assert ranking.top(empty, wanted, 10) == [] and ranking.docs(empty, wanted) == set()
