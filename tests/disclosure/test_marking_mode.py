"""Withholding is a mode an FOI officer switches on: readers of a page never meet a link per part."""

import re

import pytest


def _withhold_links(html: str) -> int:
    return html.count("dpia-withhold-link")


def _url(assessment_id: int) -> str:
    return f"/assessments/{assessment_id}/versions/1"


def test_an_officer_switches_marking_on_and_off(signed_in, make_approved):
    officer = signed_in("foi_officer")
    url = _url(make_approved("dpia"))
    normal = officer.get(url).get_data(as_text=True)
    assert _withhold_links(normal) == 0
    assert f'href="{url}?withholding=on">Mark parts to withhold</a>' in normal
    marking = officer.get(f"{url}?withholding=on").get_data(as_text=True)
    assert _withhold_links(marking) > 20
    assert "You are marking parts to withhold" in marking
    assert f'href="{url}">Stop marking parts</a>' in marking
    assert "Mark parts to withhold</a>" not in marking


@pytest.mark.parametrize("role", ["reader", "editor", "approver", "admin"])
def test_those_who_may_not_withhold_see_neither_links_nor_the_switch(signed_in, make_approved, role):
    visitor = signed_in(role)
    url = _url(make_approved("dpia"))
    for address in (url, f"{url}?withholding=on"):
        html = visitor.get(address).get_data(as_text=True)
        assert _withhold_links(html) == 0
        assert "Mark parts to withhold" not in html and "You are marking parts" not in html


def test_marking_a_part_returns_to_the_page_still_in_marking_mode(signed_in, make_approved):
    officer = signed_in("foi_officer")
    url = _url(make_approved("dpia"))
    marking = officer.get(f"{url}?withholding=on").get_data(as_text=True)
    link = re.search(r'href="([^"]*/withhold\?target=aims[^"]*)"', marking).group(1).replace("&amp;", "&")
    form = officer.get(link).get_data(as_text=True)
    assert f'href="{url}?withholding=on"' in form  # the back link keeps the mode
    data = {"target": "aims", "scope": "whole", "exemption": "s31", "reason": "Tactics."}
    saved = officer.post(link, data)
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"{url}?withholding=on#withholding"
    assert "Withheld: section 31 FOIA" in officer.get(url).get_data(as_text=True)
