"""A system's ATRS record: what is missing per tier, a form per section, and downloads."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from dpia.domain import atrs as template
from dpia.errors import Conflict, Invalid
from dpia.services.atrs import exports, records
from dpia.views.disclosure.exports import download
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("atrs", __name__, url_prefix="/systems/<int:system_id>/atrs")


@bp.get("")
@allow("read")
def show(system_id: int):
    found = records.record(get_db(), actor(), system_id)
    return render_template(
        "atrs/show.html",
        record=found,
        system=found["system"],
        template=template,
        states={s.key: _state(s, found) for s in template.SECTIONS},
        can_edit=actor().may("edit_atrs"),
    )


def _state(section: template.Section, found: dict) -> str:
    """A section as the task list shows it: Completed, Incomplete or Not started."""
    if section.repeats:
        given = any(any(card.values()) for card in found["datasets"])
    else:
        given = any(found["answers"].get(f.key) for f in section.fields)
    missing = any(m["section"] == section.key for m in found["missing"][section.tier])
    return "Completed" if not missing else ("Incomplete" if given else "Not started")


def _posted(section: template.Section) -> tuple[dict, list[dict] | None]:
    form = request.form
    if not section.repeats:
        return {f.key: form.get(f.key, "") for f in section.fields}, None
    count = min(
        int(form.get("cards", "0") or 0) if form.get("cards", "").isdigit() else 0, records.MAX_DATASETS
    )
    cards = [{f.key: form.get(f"datasets-{i}-{f.key}", "") for f in section.fields} for i in range(count)]
    return {}, cards


def _render(section, found, values, cards, errors=None, conflict=None, focus=""):
    return render_template(
        "atrs/section.html",
        system=found["system"],
        section=section,
        values=values,
        cards=cards,
        suggestions=found["suggestions"],
        revision=found["revision"] if conflict else request.form.get("revision", found["revision"]),
        errors=errors or {},
        summary=error_summary(errors or {}),
        conflict=conflict,
        focus=focus,
    ), (400 if errors or conflict else 200)


@bp.route("/<section_key>", methods=["GET", "POST"])
@allow("edit_atrs")
def section(system_id: int, section_key: str):
    chosen = template.BY_KEY.get(section_key)
    found = records.record(get_db(), actor(), system_id)
    if chosen is None:
        abort(404)
    if request.method == "GET":
        return _render(chosen, found, found["answers"], found["datasets"])
    values, cards = _posted(chosen)
    action = request.form.get("action", "")
    if action:
        return _act(chosen, found, values, cards, action)
    try:
        version = int(request.form.get("revision", ""))
    except ValueError:
        abort(400)
    try:
        records.save(get_db(), actor(), system_id, values, cards, version)
    except Invalid as error:
        return _render(chosen, found, values, cards, error.errors)
    except Conflict as conflict:
        return _render(chosen, {**found}, values, cards, conflict=conflict)
    flash(f"{chosen.title} has been saved.", "success")
    following = template.following(chosen)
    if request.form.get("save") == "continue" and following is not None:
        return redirect(url_for("atrs.section", system_id=system_id, section_key=following.key))
    return redirect(url_for("atrs.show", system_id=system_id))


def _act(section: template.Section, found: dict, values: dict, cards: list[dict] | None, action: str):
    """Buttons that change the form without saving: fill in suggestions, add or remove a dataset card."""
    suggested = found["suggestions"]
    if action == "suggest":
        values = {k: v or suggested["fields"].get(k, "") for k, v in values.items()}
        if cards is not None and not any(any(c.values()) for c in cards):
            cards = [dict(c) for c in suggested["datasets"]]
        return _render(section, found, values, cards)
    if cards is not None and action == "add_dataset" and len(cards) < records.MAX_DATASETS:
        cards.append({})
        return _render(section, found, values, cards, focus=f"datasets-{len(cards) - 1}-source_data_name")
    if cards is not None and action.startswith("remove-") and action[7:].isdigit():
        index = int(action[7:])
        cards = [c for i, c in enumerate(cards) if i != index]
        return _render(section, found, values, cards)
    abort(400)


@bp.get("/download.xlsx")
@allow("read")
def export_xlsx(system_id: int):
    return download(exports.export(get_db(), actor(), system_id, "xlsx"))


@bp.get("/download.json")
@allow("read")
def export_json(system_id: int):
    return download(exports.export(get_db(), actor(), system_id, "json"))
