"""Short guidance shown beside each checklist item on the assessment's section pages.

Pure text, no database: keyed by framework and item key (``ChecklistItem.key``), with a
fallback per item group (the ICO screening lists, the Cyber Security Code's phases) and per
framework. The wording summarises the published frameworks (docs/domain.md §5); it is a
prompt for what to record as evidence, not a restatement of the guidance itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Framework


@dataclass(frozen=True)
class FrameworkText:
    noun: str  # what one item is called: "principle", "criterion" …
    question: str  # the answer's legend; {use_case} is filled in
    intro: str  # on the task list
    answers: str  # what each answer means


FRAMEWORKS: dict[str, FrameworkText] = {
    Framework.AI_PLAYBOOK: FrameworkText(
        noun="principle",
        question="Does {use_case} meet this principle?",
        intro="The AI Playbook for the UK Government sets 10 principles for using AI safely, "
        "effectively and responsibly. Answer each one with the evidence that shows it.",
        answers="Yes: met, and the evidence shows it. Partly: say in the notes what is missing. "
        "No: not met yet. Not applicable: say why in the notes.",
    ),
    Framework.ICO_DPIA: FrameworkText(
        noun="criterion",
        question="Does this apply to {use_case}?",
        intro="The ICO's screening checklist says whether a data protection impact assessment "
        "(DPIA) is needed. Any “always” criterion that applies means a DPIA is required; two or "
        "more “consider” criteria that apply mean a DPIA is likely required.",
        answers="Yes or Partly: the processing does this, so the criterion applies. "
        "No or Not applicable: it does not.",
    ),
    Framework.DATA_ETHICS: FrameworkText(
        noun="item",
        question="Does {use_case} meet this?",
        intro="The Data Ethics Framework has 3 overarching principles (transparency, "
        "accountability, fairness) and 5 specific actions for any project that uses data.",
        answers="Yes: met, and the evidence shows it. Partly: say in the notes what is missing. "
        "No: not met yet. Not applicable: say why in the notes.",
    ),
    Framework.AI_CYBER: FrameworkText(
        noun="principle",
        question="Does {use_case} meet this principle?",
        intro="The AI Cyber Security Code of Practice has 13 principles across the life of an AI "
        "system: secure design, development, deployment, maintenance and end of life.",
        answers="Yes: met, and the evidence shows it. Partly: say in the notes what is missing. "
        "No: not met yet. Not applicable: say why in the notes.",
    ),
}

DEFAULT = FrameworkText(
    noun="item",
    question="Does {use_case} meet this item?",
    intro="Answer each item with the evidence that shows it.",
    answers="Yes, Partly, No or Not applicable; say in the notes what is missing.",
)

ITEMS: dict[tuple[str, str], str] = {
    # AI Playbook for the UK Government (2025): principles 1 to 10.
    (Framework.AI_PLAYBOOK, "1"): "The team knows what the tool can and cannot do: it can be "
    "wrong, biased or out of date, and its output needs checking. Evidence: briefings or "
    "training, and the tool's known limitations written down.",
    (Framework.AI_PLAYBOOK, "2"): "Legal, data protection and equality advice is sought early; "
    "fairness and bias are considered. Evidence: DPIA, equality impact assessment, legal advice.",
    (Framework.AI_PLAYBOOK, "3"): "AI brings threats such as prompt injection, data poisoning and "
    "leaks of sensitive data. Evidence: threat model, security assessment, the AI Cyber "
    "Security Code of Practice assessment.",
    (Framework.AI_PLAYBOOK, "4"): "People can check outputs and step in before decisions affect "
    "anyone. Evidence: where in the process people review, how often, and how to escalate.",
    (Framework.AI_PLAYBOOK, "5"): "There is a plan for set-up, monitoring, updates, model drift "
    "and retirement. Evidence: support model, monitoring plan, exit plan.",
    (Framework.AI_PLAYBOOK, "6"): "AI is chosen because it meets the user need better than "
    "simpler options. Evidence: options appraisal, user research.",
    (Framework.AI_PLAYBOOK, "7"): "The work is shared with other teams and the public where it "
    "can be. Evidence: the ATRS transparency record, communities of practice, reuse.",
    (Framework.AI_PLAYBOOK, "8"): "Commercial colleagues are involved from the start, so "
    "contracts cover data, intellectual property and transparency. Evidence: commercial "
    "strategy, contract clauses.",
    (Framework.AI_PLAYBOOK, "9"): "The team has the technical, data and subject skills it needs, "
    "and users are trained. Evidence: skills assessment, training plan.",
    (Framework.AI_PLAYBOOK, "10"): "The organisation's own AI, data and security policies are "
    "followed, with the right governance and assurance. Evidence: board approvals, reviews.",
    # Data Ethics Framework (2020).
    (Framework.DATA_ETHICS, "principle-1"): "Your actions, processes and data are open to "
    "inspection: publish what you can. Evidence: published information, the ATRS record.",
    (Framework.DATA_ETHICS, "principle-2"): "There is effective governance and oversight, with "
    "named people answerable for the work. Evidence: governance, senior responsible owner.",
    (Framework.DATA_ETHICS, "principle-3"): "The work does not have unintended discriminatory "
    "effects on people or groups. Evidence: bias testing, equality impact assessment.",
    (Framework.DATA_ETHICS, "action-1"): "The public benefit and the user need are defined and "
    "understood. Evidence: user research, the business case.",
    (Framework.DATA_ETHICS, "action-2"): "People with diverse skills and backgrounds are "
    "involved, including those affected. Evidence: team make-up, consultation.",
    (Framework.DATA_ETHICS, "action-3"): "The work complies with the law, including data "
    "protection and equality law. Evidence: legal advice, DPIA.",
    (Framework.DATA_ETHICS, "action-4"): "The quality, bias and limitations of the data are "
    "reviewed. Evidence: data quality assessment, known gaps.",
    (Framework.DATA_ETHICS, "action-5"): "Wider policy effects, and the project's whole life, are "
    "considered. Evidence: impact assessment, plans for monitoring and review.",
    # AI Cyber Security Code of Practice (2025): principles 1 to 13.
    (Framework.AI_CYBER, "1"): "Staff who build, run or use the system know its security threats. "
    "Evidence: security awareness training that covers AI.",
    (Framework.AI_CYBER, "2"): "Security is designed in alongside function and performance. "
    "Evidence: design decisions, security requirements.",
    (Framework.AI_CYBER, "3"): "Threats are modelled and risks managed as the system changes. "
    "Evidence: threat model, risk register.",
    (Framework.AI_CYBER, "4"): "People can oversee the system and understand its outputs. "
    "Evidence: oversight controls, explanation of outputs.",
    (Framework.AI_CYBER, "5"): "Models, data, prompts and their dependencies are listed and "
    "protected. Evidence: asset inventory, backups.",
    (Framework.AI_CYBER, "6"): "Access to models, data and interfaces is controlled; "
    "environments are separated. Evidence: access controls, infrastructure review.",
    (Framework.AI_CYBER, "7"): "Third-party models and components are assessed before use. "
    "Evidence: supplier assessment, software bill of materials.",
    (Framework.AI_CYBER, "8"): "There is an audit trail of data, models and prompts and where "
    "they came from. Evidence: documentation, change records.",
    (Framework.AI_CYBER, "9"): "The system is tested for security before release and after "
    "changes. Evidence: test reports, red-teaming.",
    (Framework.AI_CYBER, "10"): "Users are told how their data is used, the system's limits and "
    "how to report problems. Evidence: user guidance, privacy notice.",
    (Framework.AI_CYBER, "11"): "Security updates, patches and mitigations are applied and "
    "tested. Evidence: update process, patch records.",
    (Framework.AI_CYBER, "12"): "Inputs, outputs and behaviour are logged and monitored for "
    "anomalies and attacks. Evidence: monitoring and alerting.",
    (Framework.AI_CYBER, "13"): "Data and models are disposed of securely, or handed over, at the "
    "end of life. Evidence: disposal plan.",
}

GROUPS: dict[tuple[str, str], str] = {
    (Framework.ICO_DPIA, "always"): "If this applies (Yes or Partly), a DPIA is required.",
    (Framework.ICO_DPIA, "consider"): "If this and at least one other “consider” criterion "
    "apply (Yes or Partly), a DPIA is likely required.",
}


def framework_text(framework: str) -> FrameworkText:
    return FRAMEWORKS.get(framework, DEFAULT)


def item_guidance(framework: str, key: str, group: str = "") -> list[str]:
    """The paragraphs shown for one item: what it asks, then what its group's rule means."""
    paragraphs = []
    if (framework, key) in ITEMS:
        paragraphs.append(ITEMS[(framework, key)])
    if (framework, group) in GROUPS:
        paragraphs.append(GROUPS[(framework, group)])
    return paragraphs
