"""API tokens: people create and revoke their own; administrators can for anyone."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from dpia.errors import Forbidden, Invalid
from dpia.permissions import SIGNED_IN
from dpia.services.accounts import tokens
from dpia.services.accounts import users as accounts
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("tokens", __name__)


def _page(
    user_id: int, owner: dict | None, created: str | None = None, errors: dict | None = None, status=200
):
    errors = errors or {}
    return render_template(
        "account/tokens.html",
        tokens=tokens.listing(get_db(), actor(), user_id),
        owner=owner,
        created=created,
        name=request.form.get("name", "") if errors else "",
        errors=errors,
        summary=error_summary(errors),
    ), status


def _create(user_id: int, owner: dict | None):
    try:
        _, token = tokens.create(get_db(), actor(), user_id, request.form.get("name", ""))
    except Invalid as error:
        return _page(user_id, owner, errors=error.errors, status=400)
    # Shown in this response only: never flashed, since the session cookie is signed but not encrypted.
    return _page(user_id, owner, created=token)


@bp.route("/account/tokens", methods=["GET", "POST"])
@allow(SIGNED_IN)
def mine():
    user_id = actor().user_id
    if request.method == "POST":
        return _create(user_id, None)
    return _page(user_id, None)


@bp.route("/admin/users/<int:user_id>/tokens", methods=["GET", "POST"])
@allow("manage_users")
def for_user(user_id: int):
    owner = accounts.user(get_db(), actor(), user_id)
    if request.method == "POST":
        return _create(user_id, owner)
    return _page(user_id, owner)


@bp.post("/account/tokens/<int:token_id>/revoke")
@allow(SIGNED_IN)
def revoke(token_id: int):
    try:
        found = tokens.revoke(get_db(), actor(), token_id)
    except Forbidden:
        abort(404)  # Someone else's token: a 404 does not confirm that it exists.
    flash(f"The API token ‘{found['name']}’ has been revoked. It no longer works.", "success")
    if found["user_id"] == actor().user_id:
        return redirect(url_for("tokens.mine"))
    return redirect(url_for("tokens.for_user", user_id=found["user_id"]))
