"""A version's page opens with a contents list linking to each of its sections."""

import re

import pytest

from dpia import kinds


@pytest.mark.parametrize("kind", ["dpia", "eqia", "pia"])
def test_the_contents_list_links_to_every_section_shown(signed_in, make_approved, kind):
    assessment_id = make_approved(kind)
    html = signed_in("reader").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    contents = html[html.index('id="contents"') : html.index("</nav>", html.index('id="contents"'))]
    links = re.findall(r'href="#([^"]+)">([^<]+)</a>', contents)
    assert links[0] == ("about", "About this assessment")
    titles = [title for _, title in links]
    kind_sections = [s for s in kinds.latest(kind).sections if s.shown_when is None]
    assert all(section.title in titles for section in kind_sections)
    # Every link lands on an element of the page, and the list comes before the first section.
    for target, _ in links:
        assert f'id="{target}"' in html, target
    assert html.index('id="contents"') < html.index(f'id="{kind_sections[0].key}"')
