"""The Algorithmic Transparency Recording Standard (ATRS) template v3.0, declared once as data.

Keys, reference numbers, labels, hints and which answers are required follow the template's own table
(co-cddo/algorithmic-transparency-recording-standard, template_table.md, "V3.0 (March 2024)"). Every page,
check, spreadsheet row and JSON key of an ATRS record comes from here.

The template gives no character limits (every answer is a "UTF-8 string"), so the limits below are dpia's,
chosen so a record stays readable once published: short answers 255 characters, the one-sentence description
300, Tier 1's description 1,000 and long answers 5,000.
"""

from dataclasses import dataclass

STANDARD_VERSION = "3.0"
SHORT, SENTENCE, OVERVIEW, LONG = 255, 300, 1000, 5000


@dataclass(frozen=True)
class Field:
    """One answer the template asks for."""

    key: str
    reference: str
    label: str
    hint: str
    max_length: int
    required: bool = True
    # Where a suggestion comes from, as pages name it ("" when the record is written by hand).
    source: str = ""

    @property
    def long(self) -> bool:
        """Whether the answer is a paragraph rather than a line."""
        return self.max_length > SENTENCE


@dataclass(frozen=True)
class Section:
    """A part of the template, edited on a page of its own."""

    key: str
    tier: str  # "metadata", "1" or "2"
    title: str
    fields: tuple[Field, ...]
    # Dataset cards: the section's fields are asked once per dataset.
    repeats: bool = False


def _f(key, reference, label, hint, max_length=LONG, required=True, source="") -> Field:
    return Field(key, reference, label, hint, max_length, required, source)


METADATA = Section(
    "metadata",
    "metadata",
    "Metadata and title",
    (
        _f(
            "title",
            "0.11",
            "Title",
            "The name used to identify the tool, used as the record's title.",
            SHORT,
            source="Register: name",
        ),
        _f(
            "organisation_name",
            "0.12",
            "Organisation name",
            "The full name of the organisation that completed the record and is responsible for the tool.",
            SHORT,
            source="Settings: organisation name",
        ),
        _f(
            "one_sentence_description",
            "0.15",
            "One sentence description",
            "A subheading under the record's title.",
            SENTENCE,
        ),
        _f(
            "phase",
            "0.13",
            "Phase",
            "The phase the tool is in: pre-deployment, beta, production or retired.",
            SHORT,
            source="Register: lifecycle and first used",
        ),
        _f("region", "0.14", "Region", "The main region over which the tool affects the public.", SHORT),
        _f("organisation_type", "0.3", "Organisation type", "For example, police force.", SHORT),
        _f(
            "function",
            "0.4",
            "Function",
            "The public function the tool serves, for example policing.",
            SHORT,
            source="Register: category",
        ),
        _f("capability", "0.5", "Capability", "What the tool can do, for example prediction.", SHORT),
        _f("task", "0.6", "Task", "The task the tool supports.", SHORT),
        _f("tags", "0.7", "Tags", "Words people may search for, separated by commas.", SHORT),
        _f(
            "date_of_completion",
            "0.8",
            "Date of completion",
            "The day the record was completed, as 2024-03-31.",
            SHORT,
        ),
        _f(
            "date_archived",
            "0.10",
            "Date archived",
            "Only when the tool is no longer in use.",
            SHORT,
            required=False,
        ),
    ),
)

TIER_1 = Section(
    "tier1",
    "1",
    "Tier 1: overview",
    (
        _f(
            "name",
            "1.1",
            "Name",
            "The name used to identify the algorithmic tool.",
            SHORT,
            source="Register: name",
        ),
        _f(
            "description",
            "1.2",
            "Description",
            "A basic overview of the tool's purpose: how it is used and why it is being used.",
            OVERVIEW,
            source="Register: how it works",
        ),
        _f(
            "website_url",
            "1.3",
            "Website URL",
            "A page with further information about the tool and its use.",
            SHORT,
        ),
        _f(
            "contact_email",
            "1.4",
            "Contact email",
            "A team address for the organisation or team responsible for this record, not a person's.",
            SHORT,
        ),
    ),
)

OWNER = Section(
    "owner",
    "2",
    "Owner and responsibility",
    (
        _f(
            "organisation_or_department",
            "2.1.1",
            "Organisation or department",
            "The organisation responsible for use of the tool.",
            SHORT,
            source="Settings: organisation name",
        ),
        _f(
            "team",
            "2.1.2",
            "Team",
            "The team responsible for use of the tool.",
            SHORT,
            source="Register: owner",
        ),
        _f(
            "senior_responsible_owner",
            "2.1.3",
            "Senior responsible owner",
            "The role title of the senior responsible owner (a name is optional).",
            SHORT,
            source="Register: senior responsible owner",
        ),
        _f(
            "external_supplier_involvement",
            "2.1.4",
            "External supplier involvement",
            "Have external suppliers been involved in developing or operating the tool? Yes or no.",
            SHORT,
            source="Register: supplier",
        ),
        _f(
            "external_supplier",
            "2.1.4.1",
            "External supplier",
            "The organisation contracted to develop the whole or part of the tool.",
            SHORT,
            False,
            "Register: supplier",
        ),
        _f(
            "companies_house_number",
            "2.1.4.2",
            "Companies House number",
            "The supplier's number, if known.",
            SHORT,
            False,
        ),
        _f(
            "external_supplier_role",
            "2.1.4.3",
            "External supplier role",
            "The role the supplier had in developing the tool.",
            LONG,
            False,
        ),
        _f(
            "procurement_procedure_type",
            "2.1.4.4",
            "Procurement procedure type",
            "For example open, restricted, or a call-off from a framework.",
            SHORT,
            False,
        ),
        _f(
            "data_access_terms",
            "2.1.4.5",
            "Data access terms",
            "The terms of access to data granted to the supplier.",
            LONG,
            False,
        ),
    ),
)

DESCRIPTION = Section(
    "description",
    "2",
    "Description and rationale",
    (
        _f(
            "detailed_description",
            "2.2.1",
            "Detailed description",
            "How the tool works, more technically than the Tier 1 description.",
            LONG,
            False,
            "Register: how it works and how outputs are made",
        ),
        _f(
            "scope",
            "2.2.2",
            "Scope",
            "The purpose of the tool, the scenarios it was designed for and those it was not.",
            LONG,
        ),
        _f("benefit", "2.2.3", "Benefit", "The key benefits expected, and why the tool is being used.", LONG),
        _f(
            "previous_process",
            "2.2.4",
            "Previous process",
            "How decisions were made before the tool.",
            LONG,
            False,
        ),
        _f(
            "alternatives_considered",
            "2.2.5",
            "Alternatives considered",
            "Other algorithmic and non-algorithmic options, and why this one was chosen.",
            LONG,
            False,
        ),
    ),
)

DECISIONS = Section(
    "decisions",
    "2",
    "Decision-making process",
    (
        _f(
            "process_integration",
            "2.3.1",
            "Process integration",
            "How the tool fits into the decision-making process, the policies governing it"
            " and its influence.",
            LONG,
            source="Register: policies",
        ),
        _f(
            "provided_information",
            "2.3.2",
            "Provided information",
            "What the tool tells the decision maker and in what form.",
            LONG,
            source="Register: how outputs are made",
        ),
        _f(
            "frequency_and_scale_of_usage",
            "2.3.3",
            "Frequency and scale of usage",
            "How often the tool is used and at what scale.",
            LONG,
        ),
        _f(
            "human_decisions_and_review",
            "2.3.4",
            "Human decisions and review",
            "The decisions people take, and when and how a person reviews the tool's output.",
            LONG,
        ),
        _f(
            "required_training",
            "2.3.5",
            "Required training",
            "Training those deploying or using the tool must undertake.",
            LONG,
        ),
        _f(
            "appeals_and_review",
            "2.3.6",
            "Appeals and review",
            "How the public can ask for a decision to be reviewed or appeal it.",
            LONG,
            False,
        ),
    ),
)

TOOL = Section(
    "tool",
    "2",
    "Tool specification",
    (
        _f(
            "system_architecture",
            "2.4.1.1",
            "System architecture",
            "A description of the system's architecture, or a link to documentation of it.",
            LONG,
        ),
        _f(
            "tool_phase",
            "2.4.1.2",
            "Phase",
            "The phase the tool is currently in.",
            SHORT,
            source="Register: lifecycle and first used",
        ),
        _f(
            "maintenance",
            "2.4.1.3",
            "Maintenance",
            "The maintenance schedule and how often and how the tool is reviewed after deployment.",
            LONG,
        ),
        _f(
            "models",
            "2.4.1.4",
            "Models",
            "The models in the tool: rule-based, machine learning or statistical.",
            LONG,
        ),
        _f("model_name", "2.4.2.1", "Model name", "The name of the model.", SHORT),
        _f("model_version", "2.4.2.2", "Model version", "The version of the model.", SHORT),
        _f("model_task", "2.4.2.3", "Model task", "The task the model is designed to perform.", LONG),
        _f(
            "model_input",
            "2.4.2.4",
            "Model input",
            "A short specification of the model's input.",
            LONG,
            source="Register: data used",
        ),
        _f(
            "model_output",
            "2.4.2.5",
            "Model output",
            "A short specification of the model's output.",
            LONG,
            source="Register: how outputs are made",
        ),
        _f(
            "model_architecture",
            "2.4.2.6",
            "Model architecture",
            "The type of model, for example a random forest classifier.",
            LONG,
        ),
        _f(
            "model_performance",
            "2.4.2.7",
            "Model performance",
            "Accuracy and other metrics, including any fairness analysis across groups.",
            LONG,
        ),
        _f(
            "datasets",
            "2.4.2.8",
            "Datasets",
            "Every dataset used to develop the model.",
            LONG,
            source="Register: data used",
        ),
        _f(
            "dataset_purposes",
            "2.4.2.9",
            "Dataset purposes",
            "How each dataset was used: training, validation or testing.",
            LONG,
        ),
    ),
)

DATASETS = Section(
    "datasets",
    "2",
    "Dataset cards",
    (
        _f("source_data_name", "2.4.3.1", "Source data name", "The name of the dataset.", SHORT),
        _f(
            "data_modality",
            "2.4.3.2",
            "Data modality",
            "The main modality: tabular, text, image, audio.",
            SHORT,
        ),
        _f(
            "data_description",
            "2.4.3.3",
            "Data description",
            "What the dataset captures.",
            LONG,
            source="Register: data used",
        ),
        _f(
            "data_quantities",
            "2.4.3.4",
            "Data quantities",
            "How much data, and the relative sizes of training, validation and test sets.",
            LONG,
        ),
        _f(
            "sensitive_attributes",
            "2.4.3.5",
            "Sensitive attributes",
            "Personal data, protected characteristics or proxies in the dataset, if any.",
            LONG,
        ),
        _f(
            "data_completeness_and_representativeness",
            "2.4.3.6",
            "Data completeness and representativeness",
            "Missing data, and how representative the data is of the population.",
            LONG,
        ),
        _f(
            "source_data_url",
            "2.4.3.7",
            "Source data URL",
            "A link to the openly accessible data, if any.",
            SHORT,
        ),
        _f(
            "data_collection",
            "2.4.3.8",
            "Data collection",
            "Why and in what context the data was first collected.",
            LONG,
        ),
        _f(
            "data_cleaning",
            "2.4.3.9",
            "Data cleaning",
            "Any pre-processing or cleaning of the data.",
            LONG,
            False,
        ),
        _f(
            "data_sharing_agreements",
            "2.4.3.10",
            "Data sharing agreements",
            "The data sharing agreements in place.",
            LONG,
        ),
        _f(
            "data_access_and_storage",
            "2.4.3.11",
            "Data access and storage",
            "Who has access, how long it is kept, who is responsible, and how it is protected.",
            LONG,
        ),
    ),
    repeats=True,
)

RISKS = Section(
    "risks",
    "2",
    "Risks, mitigations and impact assessments",
    (
        _f(
            "impact_assessment",
            "2.5.1",
            "Impact assessment",
            "Each impact assessment: its name, the dates it was completed and approved,"
            " and a link if public.",
            LONG,
            source="Approved assessments: kind, reference and dates",
        ),
        _f(
            "risks_and_mitigations",
            "2.5.2",
            "Risks and mitigations",
            "The risks identified and how each has been mitigated.",
            LONG,
            source="Approved DPIAs: risks and measures (disclosure copy)",
        ),
    ),
)

SECTIONS: tuple[Section, ...] = (METADATA, TIER_1, OWNER, DESCRIPTION, DECISIONS, TOOL, DATASETS, RISKS)
BY_KEY = {section.key: section for section in SECTIONS}
# Every answer outside dataset cards, by key.
FIELDS = {f.key: f for s in SECTIONS if not s.repeats for f in s.fields}
DATASET_FIELDS = {f.key: f for f in DATASETS.fields}
TIERS = {"metadata": "Metadata and title", "1": "Tier 1", "2": "Tier 2"}


def section_of(key: str) -> Section:
    """The section holding an answer's key."""
    return next(s for s in SECTIONS if key in {f.key for f in s.fields})


def following(section: Section) -> Section | None:
    """The section after this one, for Save and continue; None after the last."""
    index = SECTIONS.index(section)
    return SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None


def too_long(field: Field, value: str) -> str:
    """The message for an answer over its field's limit ("" when it fits)."""
    if len(value) <= field.max_length:
        return ""
    return f"{field.label} must be {field.max_length:,} characters or fewer (it has {len(value):,})"


def missing(answers: dict, datasets: list[dict]) -> dict[str, list[dict]]:
    """Per tier, each required answer not yet given: {"label", "section", "key"}, in template order."""
    found: dict[str, list[dict]] = {tier: [] for tier in TIERS}
    for section in SECTIONS:
        if section.repeats:
            found[section.tier] += _missing_cards(section, datasets)
            continue
        for field in section.fields:
            if field.required and not str(answers.get(field.key) or "").strip():
                found[section.tier].append({"label": field.label, "section": section.key, "key": field.key})
    return found


def _missing_cards(section: Section, datasets: list[dict]) -> list[dict]:
    if not datasets:
        return [{"label": "At least one dataset card", "section": section.key, "key": ""}]
    found = []
    for number, card in enumerate(datasets, start=1):
        for field in section.fields:
            if field.required and not str(card.get(field.key) or "").strip():
                label = f"Dataset {number}: {field.label}"
                found.append(
                    {"label": label, "section": section.key, "key": f"datasets-{number - 1}-{field.key}"}
                )
    return found
