"""Signing in and out, and changing one's own password."""

import time
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from dpia.errors import Invalid
from dpia.permissions import PUBLIC, SIGNED_IN
from dpia.services.accounts import users as accounts
from dpia.views.forms import error_summary
from dpia.web import actor, allow, client_address, get_db, policy

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link borrow our sign-in page.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.home")


def _start_session(signed_in: accounts.SignedIn) -> None:
    session.clear()
    session.permanent = True
    # sid names the session kept on the server: ending it there ends this cookie for good.
    session.update(
        user_id=signed_in.user_id, epoch=signed_in.epoch, sid=signed_in.secret, seen=int(time.time())
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@allow(PUBLIC)
def sign_in():
    email = request.form.get("email", "")
    if request.method == "POST":
        errors = {}
        if not email.strip():
            errors["email"] = "Enter your email address"
        if not request.form.get("password"):
            errors["password"] = "Enter your password"
        if not errors:
            try:
                signed_in = accounts.sign_in(
                    get_db(), email, request.form["password"], client_address(), policy()
                )
            except accounts.SignInRefused as refusal:
                errors["email"] = str(refusal)
            else:
                _start_session(signed_in)
                return redirect(_safe_next(request.args.get("next")))
        return render_template(
            "auth/sign_in.html", email=email, errors=errors, summary=error_summary(errors)
        ), 400
    return render_template("auth/sign_in.html", email=email, errors={}, summary=[])


@bp.post("/sign-out")
@allow(SIGNED_IN)
def sign_out():
    accounts.sign_out(get_db(), actor(), session.get("sid"))
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow(SIGNED_IN)
def change_password():
    if request.method == "POST":
        form = request.form
        try:
            signed_in = accounts.change_own_password(
                get_db(),
                actor(),
                form.get("current", ""),
                form.get("new", ""),
                form.get("confirm", ""),
                policy(),
            )
        except Invalid as error:
            return render_template(
                "auth/change_password.html", errors=error.errors, summary=error_summary(error.errors)
            ), 400
        _start_session(signed_in)
        flash(
            "Your password has been changed. You have been signed out everywhere else,"
            " and your API tokens have been revoked.",
            "success",
        )
        return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", errors={}, summary=[])
