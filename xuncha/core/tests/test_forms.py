"""core.forms.submit: the POST shape of the pages (validate, call the service, the refusal on the form)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied

from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.forms import add_domain_error, submit


class NameForm(forms.Form):
    name = forms.CharField(max_length=5)
    note = forms.CharField(required=False)


def test_a_valid_form_calls_the_service_with_its_cleaned_data() -> None:
    done = submit(NameForm({"name": " 张三 "}), lambda data: f"saved {data['name']}")
    assert done.ok and done.value == "saved 张三" and done.status == 200


def test_an_invalid_form_does_not_call_the_service() -> None:
    calls: list[object] = []
    form = NameForm({"name": "x" * 6})
    done = submit(form, calls.append)
    assert not done.ok and done.status == 400 and calls == []
    assert form.errors["name"]


def test_a_refusal_lands_on_the_named_field_and_keeps_its_status() -> None:
    def refuse(data: dict[str, object]) -> None:
        raise TransitionNotAllowed("状态已变化", fields={"note": ["请说明理由。"]})

    form = NameForm({"name": "李四"})
    done = submit(form, refuse)
    assert not done.ok and done.status == 409
    assert form.errors["note"] == ["请说明理由。"]
    assert form.non_field_errors() == ["状态已变化"]  # the message says more than the field


def test_a_refusal_without_fields_goes_to_the_top_of_the_form() -> None:
    form = NameForm({"name": "李四"})
    assert form.is_valid()
    add_domain_error(form, DomainError("不能重复提交。"))
    assert form.non_field_errors() == ["不能重复提交。"]
    other = NameForm({"name": "李四"})
    assert other.is_valid()
    add_domain_error(other, DomainError("编号重复", fields={"number": ["编号重复"]}))
    assert other.non_field_errors() == ["编号重复"]  # a field the form does not have: the form's error, said once


def test_aliases_map_the_services_names_to_the_forms() -> None:
    form = NameForm({"name": "李四"})
    submit(form, lambda data: (_ for _ in ()).throw(DomainError("名称重复", fields={"title": ["名称重复"]})),
           aliases={"title": "name"})
    assert form.errors["name"] == ["名称重复"] and not form.non_field_errors()


def test_a_forms_own_aliases_apply_by_default() -> None:
    class AliasedForm(NameForm):
        field_aliases = {"title": "name"}

    form = AliasedForm({"name": "李四"})
    assert form.is_valid()
    add_domain_error(form, DomainError("名称重复", fields={"title": ["名称重复"]}))
    assert form.errors["name"] == ["名称重复"]


def test_a_missing_capability_is_403() -> None:
    def deny(data: dict[str, object]) -> None:
        raise CapabilityMissing("无权操作。")

    with pytest.raises(PermissionDenied, match="无权操作"):
        submit(NameForm({"name": "王五"}), deny)
