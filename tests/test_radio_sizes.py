"""Every form uses radios of one size: a form never mixes standard and small radios."""

import re

from dpia import kinds


def _sizes(html: str) -> set[str]:
    """The sizes of the radio groups on a page: "small", "standard" or both."""
    groups = re.findall(r'<div class="govuk-radios((?: [^"]*)?)"', html)
    return {"small" if "govuk-radios--small" in classes else "standard" for classes in groups}


def test_no_form_mixes_radio_sizes(signed_in, make_system, make_assessment):
    system_id = make_system()
    assessment_id = make_assessment(system_id=system_id)
    editor, admin, officer = signed_in("editor"), signed_in("admin"), signed_in("foi_officer")
    pages = [
        (editor, "/systems/new"),
        (editor, f"/systems/{system_id}/edit"),
        (editor, f"/systems/{system_id}/assessments/new"),
        (editor, f"/assessments/{assessment_id}/versions/1/details"),
        (admin, "/admin/settings"),
        (officer, "/foi/new"),
    ]
    pages += [
        (editor, f"/assessments/{assessment_id}/versions/1/sections/{section.key}")
        for section in kinds.latest("dpia").sections
        if section.editing != "signoff"
    ]
    mixed = {}
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if len(sizes := _sizes(response.get_data(as_text=True))) > 1:
            mixed[url] = sizes
    assert mixed == {}
