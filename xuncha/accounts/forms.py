"""Forms of the sign-in page and of the administrators' pages. Every message is in Chinese; bad input is a form
error, never a server error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_LOGIN = _("用户名或密码错误。")


class LoginForm(AuthenticationForm):
    """One message for an unknown user, a wrong password and a disabled account (SEC-09)."""

    error_messages = {"invalid_login": INVALID_LOGIN, "inactive": INVALID_LOGIN}

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].error_messages["required"] = _("请输入用户名。")
        self.fields["password"].error_messages["required"] = _("请输入密码。")
        self.fields["username"].widget.attrs.update(
            {"class": "form-control form-control-lg", "autocomplete": "username", "autocapitalize": "none",
             "spellcheck": "false", "placeholder": _("用户名")})
        self.fields["password"].widget.attrs.update(
            {"class": "form-control form-control-lg", "autocomplete": "current-password", "placeholder": _("密码")})

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")


# ---- Second factor and password -------------------------------------------------------------------------------


def _code_input(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control form-control-lg text-center", "autocomplete": "one-time-code",
                                  "autocapitalize": "none", "spellcheck": "false", **attrs})


class OtpVerifyForm(forms.Form):
    """The code of the enrolled authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("动态口令或恢复码"), max_length=20, strip=True,
        help_text=_("输入手机令牌上的 6 位数字；手机不在身边时，可输入一个恢复码（每个只能用一次）。"),
        error_messages={"required": _("请输入动态口令或恢复码。"), "max_length": _("输入过长。")},
        widget=_code_input(autofocus=True),
    )

    def is_totp(self) -> bool:
        return str(self.cleaned_data["code"]).replace(" ", "").isdigit()


class OtpEnrolForm(forms.Form):
    code = forms.CharField(
        label=_("手机令牌上显示的 6 位数字"), max_length=8, min_length=6, strip=True,
        error_messages={"required": _("请输入动态口令。"), "min_length": _("动态口令为 6 位数字。"),
                        "max_length": _("动态口令为 6 位数字。")},
        widget=_code_input(inputmode="numeric", autofocus=True),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).replace(" ", "")
        if not code.isdigit():
            raise ValidationError(_("动态口令为 6 位数字。"), code="invalid")
        return code


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password checked, the new one run through every AUTH_PASSWORD_VALIDATORS with the
    user) with Chinese labels."""

    error_messages = {
        "password_incorrect": _("原密码不正确。"),
        "password_mismatch": _("两次输入的新密码不一致。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"old_password": _("原密码"), "new_password1": _("新密码"), "new_password2": _("确认新密码")}
        for name, label in labels.items():
            field = self.fields[name]
            field.label = label
            field.error_messages["required"] = _("请填写“%(label)s”。") % {"label": label}
            field.widget.attrs["class"] = "form-control"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts())


# ---- Accounts ------------------------------------------------------------------------------------------------
