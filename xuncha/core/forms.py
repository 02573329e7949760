"""The shape every page's POST repeats: validate the form, call the service, show the service's refusal on the form.

    form = RoundCreateForm(request.POST)
    done = submit(form, lambda data: rounds.round_create(actor=actor, term_id=term.pk, **data))
    if done.ok:
        messages.success(request, …)
        return redirect(…)
    status = done.status  # the page renders the form again, with the errors on their fields

The service is the same one the API endpoint calls (ADR-0007); it checks scope and capability again and raises
``DomainError`` with a message in Chinese. A missing capability becomes 403, as the API answers it.

``StyledForm`` is the feature apps' form base: Bootstrap classes on the widgets and fields in error marked for the eye
and for screen readers (``components/form_field.html`` renders them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied

from xuncha.core.exceptions import CapabilityMissing, DomainError


class InvalidMarkingMixin:
    """Fields in error are marked for the eye (``is-invalid``) and for screen readers (``aria-invalid``); an error
    for a field the form does not have goes to the top of the form."""

    fields: dict[str, forms.Field]

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field if field in self.fields else None, error)  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


class StyledForm(InvalidMarkingMixin, forms.Form):
    """Bootstrap classes on every widget (a group of checkboxes or radios is styled by its template)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def _choices(self, name: str, choices: list[Any]) -> None:
        """Narrow a choice field to what this user may pick."""
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def add_domain_error(self, exc: DomainError) -> None:
        add_domain_error(self, exc)


@dataclass(frozen=True)
class Submission[T]:
    """What became of a submitted form: ``ok`` with the service's ``value``, or refused with the page's ``status``
    (400 for invalid input, the ``DomainError``'s own status — 409 for a refused transition — otherwise)."""

    ok: bool
    status: int = 200
    result: Any = None

    @property
    def value(self) -> T:
        """What the service returned (only when ``ok``)."""
        if not self.ok:
            raise ValueError("the submission was refused: it has no value")
        return cast("T", self.result)


def add_domain_error(form: forms.BaseForm, exc: DomainError, *, aliases: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal on the fields it names (``aliases``: the service's name → the form's; a form's own
    ``field_aliases`` by default), and its message at the top of the form unless a field already says it (the
    message may say more than the field: “本轮已有第1组。” beside “组别重复。”)."""
    aliases = aliases if aliases is not None else getattr(form, "field_aliases", {})
    said: set[str] = set()
    for name, errors in exc.fields.items():
        name = aliases.get(name, name)
        form.add_error(name if name in form.fields else None, errors)
        said.update(str(error) for error in errors)
    if exc.message not in said:
        form.add_error(None, exc.message)


def submit[T](form: forms.BaseForm, call: Callable[[dict[str, Any]], T], *,
              aliases: Mapping[str, str] | None = None) -> Submission[T]:
    """Validate ``form`` and, when it is valid, call the service with its cleaned data.

    A ``DomainError`` leaves the form bound with the refusal on it (nothing was written: services are atomic);
    ``CapabilityMissing`` raises ``PermissionDenied`` (403)."""
    if not form.is_valid():
        return Submission(ok=False, status=400)
    try:
        value = call(form.cleaned_data)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        add_domain_error(form, exc, aliases=aliases)
        return Submission(ok=False, status=exc.status)
    return Submission(ok=True, result=value)
