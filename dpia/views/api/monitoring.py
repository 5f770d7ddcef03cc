"""API: monitoring datasets, with true counts and the release CSV with small numbers suppressed."""

from flask import Response, url_for

from dpia.services.monitoring import datasets as monitoring
from dpia.views.api import schemas as s
from dpia.views.api.core import Param, operation
from dpia.views.api.systems import SYSTEM_ID
from dpia.web import actor, get_db

DATASET_ID = Param("dataset_id", s.ID, "path", "The dataset's id.", required=True)
SUMMARY_FIELDS = tuple(s.DATASET_SUMMARY["properties"])


def dataset_json(dataset: dict) -> dict:
    """A dataset's description as the API shows it."""
    data = {key: dataset[key] for key in SUMMARY_FIELDS if key in dataset}
    data["synthetic"] = bool(dataset["synthetic"])
    data["links"] = {
        "self": url_for("api.getDataset", dataset_id=dataset["id"]),
        "released_csv": url_for("api.getReleasedCsv", dataset_id=dataset["id"]),
    }
    return data


@operation(
    "GET",
    "/systems/{system_id}/monitoring",
    "listSystemDatasets",
    summary="A system's monitoring datasets, newest first",
    permission="read",
    tag="Monitoring data",
    params=(SYSTEM_ID,),
    response={"type": "array", "items": s.DATASET_SUMMARY},
    errors=(404,),
)
def list_system_datasets(system_id: int, query: dict, body: None):
    return [dataset_json(d) for d in monitoring.datasets_for_system(get_db(), actor(), system_id)]


@operation(
    "GET",
    "/monitoring/{dataset_id}",
    "getDataset",
    summary="A dataset with its true counts by period and group",
    permission="read",
    tag="Monitoring data",
    params=(DATASET_ID,),
    response=s.DATASET,
    errors=(404,),
)
def get_dataset(dataset_id: int, query: dict, body: None):
    found = monitoring.get(get_db(), actor(), dataset_id)
    table = found["table"]
    return {
        **dataset_json(found["dataset"]),
        "periods": [str(p) for p in table["periods"]],
        "groups": [{"code": g.value, "label": g.label} for g in table["groups"]],
        "counts": table["cells"],
    }


@operation(
    "GET",
    "/monitoring/{dataset_id}/released.csv",
    "getReleasedCsv",
    summary="The dataset as released under FOI: small counts suppressed, with a note on the rule",
    permission="release_monitoring",
    tag="Monitoring data",
    params=(DATASET_ID,),
    response={"type": "string"},
    media_type="text/csv",
    errors=(404,),
)
def get_released_csv(dataset_id: int, query: dict, body: None):
    name, content = monitoring.disclosure_csv(get_db(), actor(), dataset_id)
    return Response(
        content, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
