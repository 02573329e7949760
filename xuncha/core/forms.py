"""The shape every page's POST repeats: validate the form, call the service, show the service's refusal on the form.

    form = RoundCreateForm(request.POST)
    done = submit(form, lambda data: rounds.round_create(actor=actor, term_id=term.pk, **data))
    if done.ok:
        messages.success(request, …)
        return redirect(…)
    status = done.status  # the page renders the form again, with the errors on their fields

The service is the same one the API endpoint calls (ADR-0007); it checks scope and capability again and raises
``DomainError`` with a message in Chinese. A missing capability becomes 403, as the API answers it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied

from xuncha.core.exceptions import CapabilityMissing, DomainError


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
