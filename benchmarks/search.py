"""Search benchmark: a seeded synthetic register, Whoosh through dpia's own services, and SQLite FTS5.

    .venv/bin/python benchmarks/search.py                 # 2,000 systems, 20,000 assessment versions
    .venv/bin/python benchmarks/search.py --systems 200 --versions 2000 --queries 20   # a quick run

Prints bulk index time, warm p50/p95 per query kind (with highlights, through dpia.services.search), the
save-to-visible latency through the real use cases and background indexer, query latency during a rebuild,
and the same query kinds on SQLite FTS5 over the same documents, as ratios. Nothing here is asserted: the
numbers are for people to read.
"""

import argparse
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dpia import create_app, kinds  # noqa: E402
from dpia.actor import command_line  # noqa: E402
from dpia.domain import answers as answer_rules  # noqa: E402
from dpia.errors import Invalid  # noqa: E402
from dpia.kinds.model import CHOICE, DATE, DERIVED, GRID, LONGTEXT, ROW_REF, SIGNOFFS, TABLE, TEXT, YESNO  # noqa: E402
from dpia.services.assessments import versions as assessments
from dpia.services.search import indexing
from dpia.services.search import queries as search  # noqa: E402
from dpia.store import assessments as assessment_store  # noqa: E402
from dpia.store import systems as system_store  # noqa: E402
from dpia.store.db import connect, transaction  # noqa: E402
from dpia.vocab import CATEGORIES, LIFECYCLES, YES_NO  # noqa: E402

TARGETS = {
    "name": 25,
    "alias": 25,
    "partial": 25,
    "misspelt": 25,
    "free text": 150,
    "phrase": 150,
    "filtered": 150,
}
NAME_WORDS = (
    "aurora beacon cobalt delta ember falcon granite harbour iris juniper kestrel lantern meridian nimbus onyx "
    "pioneer quartz raven sentinel tundra umber vantage willow zenith atlas boreal cinder drift echo fathom "
    "glacier horizon indigo jasper keystone lumen mosaic northstar orchard prism"
).split()
FUNCTION_WORDS = (
    "custody triage matrix forecast locator analytics harm violence offender gangs facial recognition hotspot "
    "mapping risk scoring safeguarding domestic abuse missing persons knife crime burglary exploitation "
    "vulnerability predictive retrospective biometric fingerprint intelligence"
).split()
COMMON = (
    "the of and to in a is for by with on are be as that this it or at from will data police force processing "
    "information personal system use used risk officers people public review assessment model records "
    "individuals not any which has have been each all may where these their its should would can must"
).split()
DOMAIN = (
    "custody intelligence stop search outcomes weekly score flag action decides bias testing compared false "
    "positive rates ethnicity age sex outcomes equality independent advisory group community panels retention "
    "management guidance deletion images watchlists matched discarded exemptions section thirty one weights "
    "thresholds tactical deployment suppliers contract audit international transfers necessity "
    "proportionality intrusive alternatives manual residual accepted senior responsible owner measures "
    "approved concern accuracy transparency accountability ethics committee safeguarding vulnerability "
    "exploitation victims witnesses suspects offenders disclosure lawful basis consent special category "
    "criminal offence biometric facial recognition fingerprint dna location postcode address telephone "
    "social media partner agencies local authority health education probation prison court prosecution"
).split()
SYLLABLES = "ka lo mi ne ra to vu be di fa go hu ji ke lu mo na pe qi ro sa te vi wo xa yu ze".split()
PHRASES = ("custody images", "bias testing", "data protection officer", "less intrusive alternatives")


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """A Zipf-distributed vocabulary: common words, domain words, then thousands of rarer ones."""
    rare = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(9000)})
    rng.shuffle(rare)
    words = COMMON + DOMAIN + rare
    weights, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 3) ** 1.05
        weights.append(total)
    return words, weights


SURNAMES = (
    "Clarke Patel Okafor Murphy Jones Singh Evans Walsh Khan Hughes Price Ahmed Lewis Byrne Shah".split()
)
PHRASES = ("custody images", "bias testing", "data protection officer", "less intrusive alternatives")


WORDS: tuple[list[str], list[float]] = ([], [])


def sentence(rng: random.Random, words: int) -> str:
    """Words drawn with English-like (Zipf) frequencies; now and then a phrase compliance staff search for."""
    out = rng.choices(WORDS[0], cum_weights=WORDS[1], k=words)
    if rng.random() < 0.08:
        out.insert(rng.randrange(len(out)), rng.choice(PHRASES))
    return " ".join(out).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(12, 28)) for _ in range(rng.randint(2, 6)))


def _value(rng: random.Random, kind: str, choices, cell: bool = False) -> str:
    if kind == LONGTEXT:
        # Cells of tables and grids (a risk, a characteristic's evidence) are a sentence or two.
        return sentence(rng, rng.randint(10, 40)) if cell else paragraph(rng)
    if kind == TEXT:
        return f"{rng.choice(SURNAMES)} {sentence(rng, 4)}"
    if kind == DATE:
        return f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == YESNO:
        return rng.choice(YES_NO).value
    if kind == CHOICE and choices:
        return rng.choice(choices).value
    return ""


def synthetic_answers(rng: random.Random, kind) -> dict:
    """Answers to every question of a kind, including tables of risks, measures and bias tests."""
    found: dict = {}
    for question in kind.questions.values():
        if question.type == TABLE:
            rows = []
            for _ in range(rng.randint(2, 5)):
                row = {"_id": f"{rng.getrandbits(32):08x}"}
                for column in question.columns:
                    if column.type == ROW_REF:
                        targets = found.get(column.refers_to) or []
                        if targets:
                            row[column.key] = rng.choice(targets)["_id"]
                    elif column.type != DERIVED:
                        row[column.key] = _value(rng, column.type, column.choices, cell=True)
                rows.append(row)
            found[question.key] = rows
        elif question.type in (GRID, SIGNOFFS):
            entry = {}
            for row_key, (_label, columns, decisions) in answer_rules.declared_rows(question).items():
                entry[row_key] = {
                    c.key: _value(rng, c.type, decisions if c.key == "decision" else c.choices, cell=True)
                    for c in columns
                }
            found[question.key] = entry
        else:
            found[question.key] = _value(rng, question.type, question.choices)
    return {k: v for k, v in found.items() if v not in ("", [], {})}


def system_record(rng: random.Random, number: int) -> dict:
    words = [rng.choice(NAME_WORDS).capitalize(), *(w.capitalize() for w in rng.sample(FUNCTION_WORDS, 2))]
    name = f"{' '.join(words)} {number}"
    acronym = "".join(w[0] for w in words).upper() + str(number)
    return {
        "name": name,
        "aliases": [acronym, f"{words[0]} {words[1]} model {number}"],
        "category": rng.choice(CATEGORIES).value,
        "lifecycle": rng.choice(LIFECYCLES).value,
        "regime": "dpa_part3",
        "marking": "OFFICIAL-SENSITIVE" if rng.random() < 0.1 else "OFFICIAL",
        "first_used": f"{rng.randint(2010, 2024)}",
        "retired": None,
        "owner": f"{rng.choice(SURNAMES)} unit",
        "senior_owner": f"ACC {rng.choice(SURNAMES)}",
        "supplier": rng.choice(["In house", "NEC", "Palantir", "IBM", "University partner"]),
        "how_it_works": paragraph(rng),
        "data_used": paragraph(rng),
        "how_outputs_made": paragraph(rng),
        "notes": "",
        "costs": [],
        "policies": [
            {"title": f"{words[0]} policy", "reference": f"POL-{number}", "version_date": "2020", "url": ""}
        ],
    }


def build_register(db, systems: int, versions: int, seed: int) -> list[dict]:
    """Insert the synthetic register through the store, one transaction per system."""
    rng = random.Random(seed)
    WORDS[0][:], WORDS[1][:] = vocabulary(rng)
    kind_keys = ("dpia", "eqia", "pia", "screening")
    per_system = versions / systems
    made, out = 0, []
    for number in range(1, systems + 1):
        record = system_record(rng, number)
        target = round(per_system * number) - made
        with transaction(db):
            system_id = system_store.insert(db, record)
            while target > 0:
                kind = kinds.latest(rng.choice(kind_keys))
                count = min(target, rng.choice((1, 2, 3, 4)))
                reference = f"{kind.prefix}-{rng.randint(2015, 2025)}-{system_id:05d}{made:06d}"
                assessment_id = assessment_store.insert_assessment(
                    db, system_id, kind.key, reference, "bench"
                )
                for version in range(1, count + 1):
                    started = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-01"
                    content = {
                        "title": f"{kind.short} of {record['name']}",
                        "owner": f"{rng.choice(SURNAMES)}",
                        "marking": "OFFICIAL-SENSITIVE" if rng.random() < 0.05 else "OFFICIAL",
                        "started": started,
                        "answers": synthetic_answers(rng, kind),
                    }
                    version_id = assessment_store.insert_version(
                        db, assessment_id, version, kind.version, content, "b"
                    )
                    last = version == count
                    status = rng.choice(("approved", "draft", "in_review")) if last else "superseded"
                    values = {"status": status, "conducted": started[:7]}
                    if status in ("approved", "superseded"):
                        values["approved"] = started
                    assessment_store.update_version(db, version_id, 1, values, "bench")
                    made += 1
                target -= count
        out.append({**record, "id": system_id})
    return out


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def query_sets(rng: random.Random, systems: list[dict], count: int) -> dict[str, list[tuple[str, dict]]]:
    """Each query kind an FOI officer or compliance officer types, `count` of each."""
    picks = [rng.choice(systems) for _ in range(count)]
    sets = {
        "name": [(s["name"], {}) for s in picks],
        "alias": [(s["aliases"][0], {}) for s in picks],
        "partial": [(" ".join([s["name"].split()[0], s["name"].split()[1][:3]]), {}) for s in picks],
        "misspelt": [
            (" ".join([misspell(rng, s["name"].split()[1]), s["name"].split()[2]]), {}) for s in picks
        ],
        "free text": [
            (
                " ".join(
                    rng.sample(
                        [
                            "bias",
                            "testing",
                            "ethnicity",
                            "custody",
                            "watchlists",
                            "retention",
                            "exemptions",
                            "suppliers",
                            "proportionality",
                            "disclosure",
                        ],
                        3,
                    )
                ),
                {},
            )
            for _ in picks
        ],
        "phrase": [(f'"{rng.choice(PHRASES)}"', {}) for _ in picks],
    }
    sets["filtered"] = [
        (
            rng.choice(["bias testing", "custody images", "proportionality"]),
            {
                "kind": rng.choice(["dpia", "eqia"]),
                "status": "approved",
                "conducted_from-year": "2018",
                "conducted_to-year": "2023",
            },
        )
        for _ in picks
    ]
    return sets


def run_queries(db, index, actor, sets) -> tuple[dict[str, list[float]], dict[str, float]]:
    timings, found = {}, {}
    for kind, queries in sets.items():
        for text, extra in queries[:3]:  # warm up this thread's searchers and caches
            search.search(db, index, actor, search.read_request({"q": text, **extra}))
        times, hits = [], 0
        for text, extra in queries:
            started = time.perf_counter()
            page = search.search(db, index, actor, search.read_request({"q": text, **extra}))
            times.append((time.perf_counter() - started) * 1000)
            hits += bool(page.get("groups"))
        timings[kind], found[kind] = times, hits / len(queries)
    return timings, found


def fts5(db_path: Path, db) -> tuple[sqlite3.Connection, float]:
    """The same documents in an FTS5 table (porter stemming), built from the same database."""
    started = time.perf_counter()
    conn = sqlite3.connect(str(db_path))
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(text, doc_id UNINDEXED, kind UNINDEXED,"
        " status UNINDEXED, conducted UNINDEXED, tokenize='porter unicode61')"
    )
    names, content = indexing.all_documents(db, None)
    rows = (
        (
            d.get("text") or d.get("text_old"),
            d["doc_id"],
            d.get("kind", ""),
            d.get("status", ""),
            d.get("conducted_start", 0),
        )
        for d in content
    )
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    return conn, time.perf_counter() - started


def fts_query(text: str, extra: dict) -> tuple[str, list]:
    words = [w for w in text.replace('"', " ").split() if w]
    if text.startswith('"'):
        match = f'"{" ".join(words)}"'
    elif extra.get("partial"):
        match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    else:
        match = " ".join(f'"{w}"' for w in words)
    sql = "SELECT doc_id, snippet(docs, 0, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ?"
    params: list = [match]
    if extra.get("kind"):
        sql += " AND kind = ? AND status = ? AND conducted BETWEEN ? AND ?"
        params += [extra["kind"], extra["status"], 20180101, 20231231]
    return sql + " ORDER BY bm25(docs) LIMIT 300", params


def run_fts(conn, sets) -> tuple[dict[str, list[float]], dict[str, float]]:
    timings, found = {}, {}
    for kind, queries in sets.items():
        times, hits = [], 0
        for text, extra in queries:
            sql, params = fts_query(text, {**extra, "partial": kind == "partial"})
            started = time.perf_counter()
            rows = conn.execute(sql, params).fetchall()
            times.append((time.perf_counter() - started) * 1000)
            hits += bool(rows)
        timings[kind], found[kind] = times, hits / len(queries)
    return timings, found


def visible(index, token: str) -> bool:
    """Whether a search now finds the word: the shared searchers, reopened if the index changed."""
    from whoosh import query  # the benchmark may look inside; the app never does outside dpia/search

    found = query.Or([query.Term("text", token), query.Term("text_old", token)])
    with index.searchers.lease() as pair:
        return bool(pair.content.search(found, limit=1).scored_length())


def save_to_visible(db, index, actor, rounds: int) -> list[float]:
    """Save a draft through the real use case; time until a search in another thread can find the new word."""
    # More drafts than saves: the synthetic answers of some break a rule the use case checks (two dates
    # in the wrong order), and a save of those is refused, as it would be for a person.
    drafts = [
        r[0]
        for r in db.execute(
            "SELECT assessment_id FROM assessment_versions WHERE status = 'draft' AND number = 1 LIMIT ?",
            [rounds * 5],
        )
    ]
    lags: list[float] = []
    for i, assessment_id in enumerate(drafts):
        if len(lags) == rounds:
            break
        version = assessments.load(db, actor, assessment_id, 1)
        kind = assessments.definition(version)
        token = f"zqx{i}marker"
        key = next(q.key for q in kind.questions.values() if q.type == LONGTEXT)
        changed = {**version["answers"], key: f"{version['answers'].get(key, '')} {token}"}
        try:
            assessments.update_answers(db, actor, assessment_id, 1, changed, version["revision"])
        except Invalid:
            continue
        returned = time.perf_counter()
        while not visible(index, token):
            if time.perf_counter() - returned > 10:
                raise RuntimeError("a save did not become visible within 10 s")
            time.sleep(0.002)
        lags.append((time.perf_counter() - returned) * 1000)
        time.sleep(0.05)
    return lags


def print_queries(sets, whoosh_times, whoosh_found, fts_times, fts_found) -> None:
    """The query table, printed as soon as it is measured."""
    print()
    print(
        f"{'query kind':<12} {'Whoosh p50':>10} {'p95':>8} {'target':>7} {'found':>6}   {'FTS5 p50':>8} {'p95':>8} {'found':>6}   {'p95 ratio W/F':>13}"
    )
    for kind in sets:
        w, f = whoosh_times[kind], fts_times[kind]
        p95 = percentile(w, 0.95)
        verdict = "ok" if p95 < TARGETS[kind] else "MISS"
        print(
            f"{kind:<12} {percentile(w, 0.5):>8.1f}ms {p95:>6.1f}ms {TARGETS[kind]:>5}ms {whoosh_found[kind]:>6.0%}"
            f"   {percentile(f, 0.5):>6.1f}ms {percentile(f, 0.95):>6.1f}ms {fts_found[kind]:>6.0%}"
            f"   {p95 / max(percentile(f, 0.95), 0.001):>12.1f}x  {verdict}"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--systems", type=int, default=2000)
    parser.add_argument("--versions", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=60, help="queries of each kind")
    parser.add_argument("--saves", type=int, default=40, help="saves timed for save-to-visible")
    parser.add_argument("--seed", type=int, default=20260501)
    parser.add_argument(
        "--rebuild-only", action="store_true", help="build the register, time one rebuild, stop"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="dpia-bench-"))
    app = create_app({"INSTANCE_PATH": str(folder), "SEARCH_INDEXER": "off"})
    db = connect(app.config["DATABASE"])
    actor = command_line("benchmark")
    index = app.extensions["dpia.search"]
    print(f"Instance: {folder}")

    started = time.perf_counter()
    systems = build_register(db, args.systems, args.versions, args.seed)
    words = sum(
        len((d.get("text") or d.get("text_old")).split()) for d in indexing.all_documents(db, None)[1]
    )
    versions = db.execute("SELECT count(*) FROM assessment_versions").fetchone()[0]
    print(
        f"Synthetic register: {len(systems)} systems, {versions} versions, {words / (versions + len(systems)):.0f} words a document, built in {time.perf_counter() - started:.0f} s"
    )

    started = time.perf_counter()
    count = index.rebuild(db)
    index_seconds = time.perf_counter() - started
    print(f"Bulk index (rebuild from SQLite, both indexes): {count} documents in {index_seconds:.1f} s")
    if args.rebuild_only:
        return

    rng = random.Random(args.seed + 1)
    sets = query_sets(rng, systems, args.queries)
    whoosh_times, whoosh_found = run_queries(db, index, actor, sets)

    conn, fts_seconds = fts5(folder / "fts.db", db)
    fts_times, fts_found = run_fts(conn, sets)
    print_queries(sets, whoosh_times, whoosh_found, fts_times, fts_found)

    # Search keeps answering from the old generation while a rebuild runs beside it.
    rebuild = threading.Thread(target=lambda: index.rebuild(connect(app.config["DATABASE"])))
    during: list[float] = []
    rebuild.start()
    while rebuild.is_alive():
        text, extra = rng.choice(sets["name"])
        t = time.perf_counter()
        page = search.search(db, index, actor, search.read_request({"q": text, **extra}))
        assert page["status"].ready, "search stopped answering during a rebuild"
        during.append((time.perf_counter() - t) * 1000)
        time.sleep(0.05)

    index.mode = "thread"
    index.poll = 0.05
    index.start()
    lags = save_to_visible(db, index, actor, args.saves)
    index.stop()

    print()
    print(
        f"save-to-visible      p50 {percentile(lags, 0.5):.1f} ms, p95 {percentile(lags, 0.95):.1f} ms (target 150 ms, {len(lags)} saves through the use case)"
    )
    target = 60 if versions <= 20_000 else 300
    print(f"bulk index           Whoosh {index_seconds:.1f} s (target {target} s); FTS5 {fts_seconds:.1f} s")
    print(
        f"during a rebuild     name look-ups p50 {percentile(during, 0.5):.1f} ms, p95 {percentile(during, 0.95):.1f} ms, {len(during)} queries, all answered"
    )
    print("Whoosh timings are the whole use case: name look-up, content query, grouping by system, snippets.")
    print(
        "FTS5 timings are one SQL query with snippet(); FTS5 has no fuzzy matching, hence misspelt 'found'."
    )


if __name__ == "__main__":
    main()
