"""Publishing monitoring data as released, refusing an NCND'd system, and publishing at scale."""

import csv
import io
import json

import pytest

from dpia.actor import command_line
from dpia.errors import Invalid
from dpia.services.disclosure import refusals
from dpia.services.monitoring import datasets as monitoring
from dpia.services.publications import publishing
from dpia.services.publications.publishing import Choice
from dpia.store import publications as store
from tests.conftest import APPROVER, FOI
from tests.publications.conftest import withhold_in_system

COUNTS = b"period,group,count\r\n2021-Q1,total,7\r\n2021-Q2,total,2\r\n2021-Q3,total,40\r\n"


def _dataset(db, system_id, title):
    details = {
        "title": title,
        "measure": "uses",
        "granularity": "quarter",
        "breakdown": "none",
        "source": "Log",
    }
    return monitoring.create(db, command_line(), system_id, details, COUNTS)


def test_a_chosen_dataset_is_published_as_released_with_withheld_words_swept(db, register):
    hart = register["hart"]
    withhold_in_system(db, hart, "how_it_works", passage="Acme Analytics")
    chosen = _dataset(db, hart, "Acme Analytics scores per quarter")
    _dataset(db, hart, "Not chosen")
    publication_id = publishing.publish(db, APPROVER, hart, Choice(datasets=(chosen,)))
    [data] = [f for f in store.files(db, publication_id) if f["role"] == "monitoring"]
    content = store.content(db, data["sha256"]).decode("utf-8-sig")
    assert "acme" not in (content + data["path"] + data["title"]).casefold()
    rows = list(csv.reader(io.StringIO(content)))
    assert any("40" in row for row in rows)
    assert not any(
        "2" == cell for row in rows for cell in row[1:]
    )  # a count under the threshold is suppressed
    assert data["media_type"] == "text/csv"
    assert "Not chosen" not in json.dumps(store.get(db, publication_id)["record"])


def test_a_system_a_request_neither_confirms_nor_denies_is_refused(db, register, make_request):
    request_id = make_request([register["hart"]])
    refusals.neither_confirm_nor_deny(db, FOI, request_id, {"system": register["hart"], "exemption": "s24"})
    with pytest.raises(
        Invalid, match="855A/22 neither confirm nor deny ‘HART’: publishing it would confirm it"
    ):
        publishing.publish(db, APPROVER, register["hart"], Choice())
    assert store.history(db, register["hart"]) == []


def test_thirty_approved_assessments_and_ten_datasets_publish_without_error(db, make_system, make_approved):
    system = make_system("Large Tool")
    for number in range(30):
        make_approved(("dpia", "eqia", "pia")[number % 3], system_id=system, rows=1)
    datasets = tuple(_dataset(db, system, f"Dataset {n}") for n in range(10))
    publication_id = publishing.publish(db, APPROVER, system, Choice(datasets=datasets, fields=("supplier",)))
    files = store.files(db, publication_id)
    assert [f["role"] for f in files].count("assessment") == 30
    assert [f["role"] for f in files].count("monitoring") == 10
    assert len({f["path"] for f in files}) == 40
