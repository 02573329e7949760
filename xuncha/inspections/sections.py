"""What the feature apps add to an inspection without the spine importing them.

Fieldwork, petitions, surveys, findings and rectification each own pages under one inspection. The spine keeps
two registries that those apps fill in their ``AppConfig.ready``:

- ``register_section``: a tab of the inspection's page (talks, petitions, documents, surveys …), shown to the
  users its ``visible`` predicate admits (the same capability check the section's own view makes);
- ``register_stay_figures``: the figures of a stay (talks held against the plan, petitions received and
  handled …) that the withdrawal step shows, so that 撤驻 is taken knowing what the stay produced;
- ``register_public_links``: links the stationing announcement shows beside its channels (the public petition
  page and its QR poster), so that the announcement names pages the spine does not own.

Guards on the inspection's transitions are added with ``INSPECTION_WORKFLOW.add_guard`` (core.workflow).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.inspections.models import Inspection


@dataclass(frozen=True)
class InspectionSection:
    """A tab of an inspection: ``url_name`` is reversed with the inspection's ``pk``; ``visible`` says whether
    ``user`` may open it for ``inspection`` (must not query per row: it runs once per tab per page)."""

    key: str
    label: Any  # str or lazy translation
    url_name: str
    order: int
    visible: Callable[[User, Inspection], bool]
    icon: str = "bi-folder2-open"


@dataclass(frozen=True)
class StayFigure:
    """One figure of a stay: a label, a value, and an optional detail (e.g. "计划 40 人").

    ``attention`` marks a figure that should hold the user back (an unhandled petition)."""

    label: str
    value: int | str
    detail: str = ""
    attention: bool = False


@dataclass(frozen=True)
class PublicLink:
    """A page the announcement points to: ``url`` is a path (the page makes it absolute for print)."""

    label: str
    url: str
    icon: str = "bi-link-45deg"
    printable: bool = True  # shown on the printed announcement (the poster link is for staff only)


SECTIONS: dict[str, InspectionSection] = {}
STAY_FIGURES: dict[str, Callable[[Inspection], list[StayFigure]]] = {}
PUBLIC_LINKS: dict[str, Callable[[Inspection], list[PublicLink]]] = {}


def register_section(section: InspectionSection) -> InspectionSection:
    """Make a tab known (idempotent: ``ready`` may run twice in tests)."""
    SECTIONS[section.key] = section
    return section


def register_stay_figures(key: str, figures: Callable[[Inspection], list[StayFigure]]) -> None:
    """Add the figures an app contributes to a stay's summary, under ``key`` (the app's label)."""
    STAY_FIGURES[key] = figures


def register_public_links(key: str, links: Callable[[Inspection], list[PublicLink]]) -> None:
    """Add the pages an app offers the public for an inspection (shown with the announcement)."""
    PUBLIC_LINKS[key] = links


def public_links(inspection: Inspection) -> list[PublicLink]:
    """Every app's public pages of the inspection, in the order the apps registered."""
    return [link for contribute in PUBLIC_LINKS.values() for link in contribute(inspection)]


@dataclass(frozen=True)
class SectionLink:
    key: str
    label: str
    url: str
    icon: str
    active: bool


def sections_for(user: User, inspection: Inspection, *, active: str = "overview") -> list[SectionLink]:
    """The tabs ``user`` may open for ``inspection``: the overview first, then each registered section in order."""
    links = [SectionLink("overview", "概况", reverse("planning:inspection-detail", args=[inspection.pk]),
                         "bi-info-circle", active == "overview")]
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if section.visible(user, inspection):
            links.append(SectionLink(section.key, str(section.label),
                                     reverse(section.url_name, kwargs={"pk": inspection.pk}), section.icon,
                                     active == section.key))
    return links


def stay_figures(inspection: Inspection) -> list[StayFigure]:
    """Every app's figures of the stay, in the order the apps registered."""
    return [figure for contribute in STAY_FIGURES.values() for figure in contribute(inspection)]
