"""The words an imported document uses about itself, declared once: which labels name which detail, which
status words mean which of our workflow states, which headings are only the form's own, and what the preview
says of a detail it did not use. The rules that read them are in `dpia.importers.details`."""

# What each detail is called in the preview.
DETAIL_NAMES = {
    "title": "Title",
    "reference": "Reference",
    "owner": "Owner",
    "marking": "Protective marking",
    "status": "Status",
    "started": "Date started",
    "conducted": "Date conducted",
    "approved": "Date approved",
    "review": "Review date",
    "generated": "Generated date",
}
DATE_DETAILS = ("started", "conducted", "approved", "review", "generated")
# Labels that name a detail, as written before a colon, a dash or in the first cell of a label | value row.
# The longest label a line names wins, so "Template version date" is generated, not "version date".
DETAIL_LABELS = {
    "title": (
        "title",
        "project name",
        "name of project",
        "project title",
        "system name",
        "name of system",
        "name of the system",
        "name of the project",
        "title of project",
        "document title",
        "assessment title",
        "dpia title",
        "initiative name",
        "name of initiative",
        "name of processing",
        "project or system name",
        "name of project or system",
        "system",
        "project",
    ),
    "owner": (
        "owner",
        "author",
        "completed by",
        "prepared by",
        "project lead",
        "lead officer",
        "assessor",
        "assessment by",
    ),
    "reference": (
        "reference",
        "ref",
        "ref no",
        "reference number",
        "reference no",
        "document reference",
        "dpia ref",
        "dpia reference",
        "dpia number",
        "dpia no",
        "eqia ref",
        "eqia reference",
    ),
    "marking": ("protective marking", "classification", "security classification", "marking", "gpms"),
    "status": ("status", "document status", "dpia status", "approval status", "current status"),
    "conducted": (
        "date",
        "dated",
        "version date",
        "date conducted",
        "conducted on",
        "date of assessment",
        "assessment date",
        "date assessed",
        "completed",
        "completed on",
        "date completed",
        "completion date",
        "date of completion",
        "dpia date",
        "date of dpia",
    ),
    "started": (
        "start date",
        "date started",
        "started",
        "started on",
        "commenced",
        "date commenced",
        "commencement date",
        "date initiated",
    ),
    "approved": (
        "approved",
        "approved on",
        "date approved",
        "approval date",
        "date of approval",
        "signed off on",
        "sign off date",
        "date signed off",
    ),
    "review": (
        "review date",
        "next review",
        "next review date",
        "date of next review",
        "review due",
        "review by",
        "to be reviewed by",
    ),
    # Dates a tool or a printer wrote: never the date the assessment was conducted.
    "generated": (
        "generated",
        "generated on",
        "date generated",
        "printed",
        "printed on",
        "date printed",
        "exported",
        "exported on",
        "created by tool on",
        "last saved",
        "last saved on",
        "last modified",
        "template version date",
        "template date",
    ),
}
# One-word labels that name a detail only as the whole label: "Operating system" names no title.
WHOLE_LABELS_ONLY = ("system", "project")
# Labels that end like a detail's but name something else.
NOT_DETAIL_LABELS = ("job title", "post title", "role title", "terms of reference", "risk status")
# Status words, as a line starts, and the workflow state each means here ("" when none fits).
STATUS_STATES = {
    "draft": "draft",
    "working draft": "draft",
    "final draft": "draft",
    "in draft": "draft",
    "in progress": "draft",
    "incomplete": "draft",
    "in review": "in_review",
    "under review": "in_review",
    "for review": "in_review",
    "submitted": "in_review",
    "submitted for approval": "in_review",
    "awaiting approval": "in_review",
    "pending approval": "in_review",
    "awaiting sign off": "in_review",
    "approved": "approved",
    "signed off": "approved",
    "agreed": "approved",
    "final": "",
    "complete": "",
    "completed": "",
    "closed": "",
    "superseded": "",
    "withdrawn": "",
    "rejected": "",
}
# Headings that name the form, not the assessment, besides each kind's own label and short name.
GENERIC_HEADINGS = (
    "data protection impact assessment",
    "dpia",
    "dpia template",
    "sample dpia template",
    "equality impact assessment",
    "equality analysis",
    "equality and diversity impact assessment",
    "eqia",
    "privacy impact assessment",
    "impact assessment",
    "dpia screening",
    "screening questionnaire",
    "dpia screening questionnaire",
    "data protection impact assessment dpia",
    "equality impact assessment eqia",
    "privacy impact assessment pia",
)
# The forms' names in Welsh, as a bilingual form heads itself ("Asesiad o’r Effaith ar Ddiogelu Data / Data
# Protection Impact Assessment": each half generic, so the heading is). Mutated as after "ar" ("ar ddiogelu").
GENERIC_HEADINGS_CY = (
    "asesiad o’r effaith ar ddiogelu data",
    "asesiad effaith ar ddiogelu data",
    "asesiad effaith diogelu data",
    "aedd",
    "asesiad o’r effaith ar gydraddoldeb",
    "asesiad effaith ar gydraddoldeb",
    "asesiad effaith cydraddoldeb",
    "asesiad o’r effaith ar breifatrwydd",
    "asesiad effaith ar breifatrwydd",
    "asesiad effaith preifatrwydd",
    "holiadur sgrinio",
)
# Headings of a title block that are never the assessment's title.
NOT_TITLES = (
    "contents",
    "table of contents",
    "document control",
    "version control",
    "version history",
    "document history",
    "change history",
    "revision history",
    "distribution",
    "introduction",
    "guidance",
    "instructions",
    "how to use this template",
    "about this template",
    "submitting controller details",
)
# Words that may stand around a generic heading without making it specific ("DPIA template v3").
GENERIC_FILLER = frozenset(
    "template form sample blank version full the our document record questionnaire templed ffurflen sampl"
    " fersiwn holiadur".split()
)
# Words that carry no content in a header, footer or title block.
META_WORDS = frozenset(
    "page of version v ver draft final issue status ref reference no number date dated marking classification"
    " protective security document doc completed approved signed impact assessment equality data protection"
    " privacy dpia eqia pia generated printed exported created saved last modified tool template".split()
)
# Details read as text, not as a value we recognise: one not used (a second "Project name" row) is kept with
# the text not yet placed, or its words would be lost.
TEXT_DETAILS = ("title", "owner")
# What the preview says of a detail it read but did not use.
KEPT = "kept with the text not yet placed"
NOT_USED = {
    "generated": "not used: a generated date, not the date the assessment was conducted",
    "approved": f"not used: an import is always a draft, approved only here; {KEPT}",
    "review": f"not used: the review date is set when the draft is approved here; {KEPT}",
}
STATUS_NOTES = {
    "draft": "an import is always a draft",
    "in_review": f"not used: an import is always a draft; {KEPT}",
    "approved": f"not used: an import is always a draft, approved only here; {KEPT}",
    "": f"not a state of this register; {KEPT}",
}
