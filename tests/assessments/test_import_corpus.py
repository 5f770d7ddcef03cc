"""The import fixture corpus (tests/fixtures/imports): the committed documents are what the builder makes."""

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.fixtures.imports import build

CORPUS = Path(build.__file__).resolve().parent
NAMES = sorted(build.FIXTURES)


def _texts(data: bytes) -> dict[str, str]:
    """Every XML part's text, by part name: what a reader of the document could see."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: "\x1f".join(etree.fromstring(archive.read(name)).itertext())
            for name in sorted(archive.namelist())
            if name.endswith(".xml") or name.endswith(".rels")
        }


def test_the_corpus_has_at_least_twelve_documents_each_with_expectations():
    committed = {p.stem for p in CORPUS.glob("*.docx")}
    expected = {p.name.removesuffix(".expect.json") for p in CORPUS.glob("*.expect.json")}
    assert len(NAMES) >= 12
    assert committed == set(NAMES) == expected


@pytest.mark.parametrize("name", NAMES)
def test_committed_documents_are_what_the_builder_makes(name):
    committed = (CORPUS / f"{name}.docx").read_bytes()
    assert _texts(committed) == _texts(build.build(name)), f"run tests/fixtures/imports/build.py {name}"
