"""Administration: accounts, settings and the audit trail."""

import json
import re
from datetime import UTC, date, datetime, time, timedelta

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from dpia.domain.exemptions import RULES
from dpia.domain.validate import Checker
from dpia.domain.wording import FIELDS, LABELS
from dpia.errors import Invalid, NotFound
from dpia.services.accounts import audit, settings, system_info
from dpia.services.accounts import users as accounts
from dpia.services.disclosure import wording
from dpia.views.filters import LONDON, when
from dpia.views.forms import error_summary
from dpia.views.paging import pagination
from dpia.web import actor, allow, get_db, policy, streamed

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_TEXT_FILTERS = ("action", "actor", "object_type")
AUDIT_DATES = {"date_from": "From date", "date_to": "To date"}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_PARTS = ("day", "month", "year")


# Accounts


def _status(account: dict) -> str:
    if account["disabled"]:
        return "Disabled"
    locked = account["locked_until"]
    if locked and datetime.fromisoformat(locked) > datetime.now(UTC):
        return f"Locked until {when(locked)}"
    return "Active"


def _load_user(user_id: int) -> dict:
    return accounts.user(get_db(), actor(), user_id)


@bp.get("/users")
@allow("manage_users")
def users():
    listing = [{**account, "status": _status(account)} for account in accounts.users(get_db(), actor())]
    return render_template("admin/users.html", users=listing)


def _password_errors(form) -> dict[str, str]:
    """Checks only a form can make: both password boxes filled in and matching."""
    if not form.get("password"):
        return {"password": "Enter a password"}
    if form.get("password") != form.get("confirm"):
        return {"confirm": "The passwords do not match"}
    return {}


@bp.route("/users/new", methods=["GET", "POST"])
@allow("manage_users")
def user_new():
    form = request.form
    values = {"email": form.get("email", ""), "name": form.get("name", ""), "roles": form.getlist("roles")}
    if request.method == "GET":
        return render_template("admin/user_new.html", values=values, errors={}, summary=[])
    errors = _password_errors(form)
    if not errors:
        try:
            user_id = accounts.create_user(
                get_db(),
                actor(),
                values["email"],
                values["roles"],
                form["password"],
                policy(),
                name=values["name"],
            )
        except Invalid as error:
            errors = error.errors
    if errors:
        return render_template(
            "admin/user_new.html", values=values, errors=errors, summary=error_summary(errors)
        ), 400
    flash(f"An account for {values['email'].strip().lower()} has been created.", "success")
    return redirect(url_for("admin.user", user_id=user_id))


def _render_user(target: dict, roles: list[str], errors: dict, status: int = 200):
    return render_template(
        "admin/user.html",
        target=target,
        status=_status(target),
        roles=roles,
        is_self=target["id"] == actor().user_id,
        errors=errors,
        summary=error_summary(errors, {"email": "disable"}),
    ), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@allow("manage_users")
def user(user_id: int):
    target = _load_user(user_id)
    if request.method == "GET":
        return _render_user(target, target["roles"], {})
    roles = request.form.getlist("roles")
    try:
        accounts.set_roles(get_db(), actor(), user_id, roles)
    except Invalid as error:
        return _render_user(target, roles, error.errors, 400)
    flash(f"The roles of {target['email']} have been saved.", "success")
    return redirect(url_for("admin.user", user_id=user_id))


def _set_disabled(user_id: int, disabled: bool):
    target = _load_user(user_id)
    try:
        accounts.set_disabled(get_db(), actor(), target["email"], disabled)
    except Invalid as error:
        return _render_user(target, target["roles"], error.errors, 400)
    if disabled:
        flash(f"{target['email']} has been disabled and signed out everywhere.", "success")
    else:
        flash(f"{target['email']} has been enabled and can sign in again.", "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/disable")
@allow("manage_users")
def user_disable(user_id: int):
    return _set_disabled(user_id, True)


@bp.post("/users/<int:user_id>/enable")
@allow("manage_users")
def user_enable(user_id: int):
    return _set_disabled(user_id, False)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@allow("manage_users")
def user_reset_password(user_id: int):
    target = _load_user(user_id)
    if request.method == "GET":
        return render_template("admin/reset_password.html", target=target, errors={}, summary=[])
    errors = _password_errors(request.form)
    if not errors:
        try:
            accounts.reset_password(get_db(), actor(), target["email"], request.form["password"], policy())
        except Invalid as error:
            errors = error.errors
    if errors:
        return render_template(
            "admin/reset_password.html", target=target, errors=errors, summary=error_summary(errors)
        ), 400
    flash(f"The password of {target['email']} has been reset. They are now signed out everywhere.", "success")
    return redirect(url_for("admin.user", user_id=user_id))


# Settings


@bp.route("/settings", methods=["GET", "POST"], endpoint="settings")
@allow("manage_settings")
def settings_form():
    db = get_db()
    errors: dict[str, str] = {}
    values = settings.current(db)
    if request.method == "POST":
        # Unticked checkboxes send nothing, so roles are always read; other fields only when sent.
        submitted = {
            s.key: request.form.getlist(s.key) if s.kind == "roles" else request.form.get(s.key, "")
            for s in settings.SETTINGS
            if s.kind == "roles" or s.key in request.form
        }
        values = {**values, **submitted}
        try:
            changes = settings.update(db, actor(), submitted)
        except Invalid as error:
            errors = error.errors
        else:
            if changes:
                flash(f"Settings saved: {', '.join(c['label'] for c in changes)}.", "success")
            else:
                flash("Nothing was changed.", "info")
            return redirect(url_for("admin.settings"))
    return render_template(
        "admin/settings.html",
        declared=settings.SETTINGS,
        values=values,
        errors=errors,
        summary=error_summary(errors),
        info=system_info.system_info(db, actor()),
        instance_path=current_app.instance_path,
    ), 400 if errors else 200


# Stock wording for refusal notices


@bp.get("/exemption-wording")
@allow("manage_settings")
def wording_list():
    return render_template("admin/wording.html", rows=wording.listing(get_db(), actor()))


def _wording_fields(rule) -> list[str]:
    """The parts of a reason the exemption needs: harm only if prejudice-based, the test only if qualified."""
    return [
        key
        for key in FIELDS
        if key == "why"
        or (key == "harm" and rule.prejudice)
        or (key in ("favour", "against", "balance") and rule.qualified)
    ]


@bp.route("/exemption-wording/<exemption>", methods=["GET", "POST"])
@allow("manage_settings")
def wording_edit(exemption: str):
    db = get_db()
    rule = RULES.get(exemption)
    if rule is None:
        raise NotFound(f"There is no stock wording for ‘{exemption}’")
    shown = _wording_fields(rule)
    errors: dict[str, str] = {}
    values = wording.current(db, exemption)
    if request.method == "POST":
        submitted = {field: request.form.get(field, "") for field in shown}
        before = values["version"]
        values = {**values, **submitted}
        try:
            version = wording.save(db, actor(), exemption, submitted)
        except Invalid as error:
            errors = error.errors
        else:
            if version == before:
                flash("Nothing was changed.", "info")
            else:
                flash(f"Stock wording for {rule.title} saved as version {version}.", "success")
            return redirect(url_for("admin.wording_edit", exemption=exemption))
    return render_template(
        "admin/wording_edit.html",
        rule=rule,
        shown=shown,
        field_labels=LABELS,
        values=values,
        history=wording.history(db, actor(), exemption),
        errors=errors,
        summary=error_summary(errors),
    ), 400 if errors else 200


# Audit trail


def _date_parts(args, key: str) -> dict[str, str]:
    """A filter date's day, month and year boxes; an older link's single ISO or UK date is split into them."""
    parts = {part: args.get(f"{key}-{part}", "").strip()[:10] for part in DATE_PARTS}
    old = args.get(key, "").strip()[:20]
    if any(parts.values()) or not old:
        return parts
    if match := _ISO_DAY.match(old):
        year, month, day = match.groups()
        return {"day": day, "month": month, "year": year}
    if match := _UK_DAY.match(old):
        day, month, year = match.groups()
        return {"day": day, "month": month, "year": year}
    # Not a date at all: shown in the year box, whose check then says what is wrong.
    return {"day": "", "month": "", "year": old}


def _utc_start(day: date) -> str:
    """Midnight UK time at the start of `day`, as the trail stores times (UTC)."""
    return datetime.combine(day, time(), LONDON).astimezone(UTC).isoformat(timespec="seconds")


def _audit_filters(args) -> tuple[dict, dict, dict]:
    """What the filter form shows, the filters for the trail, and errors in the dates."""
    shown: dict = {key: args.get(key, "").strip()[:200] for key in AUDIT_TEXT_FILTERS}
    filters = {key: shown[key] for key in AUDIT_TEXT_FILTERS if shown[key]}
    check = Checker()
    bounds: dict[str, date] = {}
    for key, label in AUDIT_DATES.items():
        parts = _date_parts(args, key)
        shown.update({f"{key}-{part}": value for part, value in parts.items()})
        found = check.partial_date(key, parts, label)
        # A month or a year counts whole: from its first day, to its last.
        if found is not None:
            bounds[key] = found.earliest() if key == "date_from" else found.latest()
    if "date_from" in bounds and "date_to" in bounds and bounds["date_to"] < bounds["date_from"]:
        check.fail("date_to", "To date must be the same as or after the from date")
        del bounds["date_to"]
    if "date_from" in bounds:
        filters["since"] = _utc_start(bounds["date_from"])
    if "date_to" in bounds:
        # The whole "to" day counts, so its bound is the start of the next day.
        filters["until"] = _utc_start(bounds["date_to"] + timedelta(days=1))
    return shown, filters, dict(check.errors)


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items()) or "(none)"
    return str(value) if value != "" else "(blank)"


def _with_values(entry: dict) -> dict:
    """An entry with its recorded values ready to show: before and after, or other details."""
    try:
        details = json.loads(entry["details"] or "{}")
    except ValueError:
        details = {"details": entry["details"]}
    if not isinstance(details, dict):
        details = {"details": details}
    shown = {"before": None, "after": None, "other": None}
    if "old" in details or "new" in details:
        shown.update(before=_show(details.get("old")), after=_show(details.get("new")))
    elif details:
        shown["other"] = _show(details)
    return {**entry, **shown}


@bp.get("/audit", endpoint="audit")
@allow("read_audit")
def audit_trail():
    db = get_db()
    shown, filters, errors = _audit_filters(request.args)
    # Clamped so a silly page number in the address cannot overflow SQLite's integers.
    page = min(max(request.args.get("page", default=1, type=int), 1), 1_000_000)
    found = audit.browse(db, actor(), filters, page)
    query = {key: value for key, value in shown.items() if value}
    return render_template(
        "admin/audit.html",
        shown=shown,
        filtered=bool(query),
        entries=[_with_values(entry) for entry in found["entries"]],
        total=found["total"],
        actions=found["actions"],
        pagination=pagination(
            found["page"], found["pages"], lambda number: url_for("admin.audit", **query, page=number)
        ),
        csv_url=url_for("admin.audit_csv", **query),
        broken=audit.verify_since_last(db),
        size=audit.size(db),
        errors=errors,
        summary=error_summary(errors, {key: f"{key}-day" for key in AUDIT_DATES}),
    ), 400 if errors else 200


@bp.get("/audit.csv")
@allow("read_audit")
def audit_csv():
    shown, filters, errors = _audit_filters(request.args)
    if errors:
        # The trail page explains what is wrong with the dates.
        return redirect(url_for("admin.audit", **{k: v for k, v in shown.items() if v}))
    who = actor()
    rows = streamed(lambda db: audit.export_csv(db, who, filters))
    filename = f"audit-trail-{datetime.now(LONDON):%Y%m%d}.csv"
    return Response(
        rows,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
