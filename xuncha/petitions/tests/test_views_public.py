"""The public petition pages, tried as the public and as an attacker: every bad input gets a Chinese answer, nothing
is stored, nothing answers 500."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from xuncha.audit.models import AuditEvent
from xuncha.petitions import receipts
from xuncha.petitions.models import Petition, PetitionFile, PetitionMessage, PetitionPage
from xuncha.petitions.tests.test_uploads import PDF, jpeg_with_exif


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public() -> Client:
    return Client(raise_request_exception=False, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Mozilla/5.0 测试手机")


def captcha() -> dict[str, str]:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"anonymous": "1", "petitioner_kind": "unknown", "about_whom": "王主任（甲市发改委）",
                            "summary": "违规发放购物卡", "content": "春节前给班子成员每人发放2000元购物卡。",
                            "since_when": "2018年2月", **captcha()}
    data.update(overrides)
    return data


def errors(html: str) -> list[str]:
    return re.findall(r'invalid-feedback[^>]*>\s*<i[^>]*></i>([^<]*)<', html)


def upload(name: str, content: bytes) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


def _url(page: PetitionPage) -> str:
    return reverse("petitions:public", args=[page.slug])


def test_the_page_shows_the_channels_and_the_form(public: Client, page: PetitionPage) -> None:
    response = public.get(_url(page))
    html = response.content.decode()
    assert response.status_code == 200
    assert "0379-12345678" in html and "captcha_1" in html and 'name="evidence"' in html
    assert "labelled form field" not in html  # the field partial's comment stays a comment
    assert public.get(reverse("petitions:public", args=[page.slug + "x"])).status_code == 404
    assert public.get(f"/xf/{page.inspection_id}/").status_code == 404  # the pk is not the slug


def test_a_petition_with_a_file_gets_a_receipt_once_and_is_followed(public: Client, page: PetitionPage) -> None:
    response = public.post(_url(page), form(evidence=upload("photo.jpg", jpeg_with_exif())))
    assert response.status_code == 201, errors(response.content.decode())
    code = re.search(r'id="receipt-code"[^>]*>([0-9A-Z-]+)<', response.content.decode()).group(1)  # type: ignore[union-attr]
    petition = Petition.objects.get()
    assert receipts.digest(receipts.normalize(code) or "") == petition.receipt_hash
    assert PetitionFile.objects.filter(petition=petition).count() == 1
    assert not AuditEvent.objects.filter(action="petition.submit").exclude(client_ip="").exists()
    assert "203.0.113.7" not in str(list(Petition.objects.values()))
    followed = public.post(reverse("petitions:track"), {"code": code.lower()})
    assert followed.status_code == 200 and "已收到，正在研判" in followed.content.decode()
    sent = public.post(reverse("petitions:track"), {"code": code, "body": "补充：另有2017年的情况。"})
    assert sent.status_code == 200 and PetitionMessage.objects.filter(from_petitioner=True).count() == 1


@pytest.mark.parametrize(("data", "files", "message"), [
    ({"content": "<script>alert(1)</script>"}, {}, "不能含有网页代码"),
    ({"about_whom": "x' OR '1'='1"}, {}, "数据库语句"),
    ({"summary": "a'; DROP TABLE petitions_petition; --"}, {}, "数据库语句"),
    ({"content": ""}, {}, "这个字段是必须的"),
    ({"anonymous": "0"}, {}, "请填写姓名"),
    ({"captcha_1": "WRONG"}, {}, "验证码不正确"),
    ({"content": "很长" * 3000}, {}, "5000"),
    ({}, {"evidence": ("photo.jpg", b"MZ\x90\x00\x03 executable")}, "类型不允许"),
    ({}, {"evidence": ("scan.png", PDF)}, "与扩展名不符"),
    ({}, {"evidence": ("page.jpg", b"<html><script>alert(1)</script></html>")}, "类型不允许"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(public: Client, page: PetitionPage,
                                                               data: dict[str, str], files: dict[str, Any],
                                                               message: str) -> None:
    body = form(**data)
    for name, (filename, content) in files.items():
        body[name] = upload(filename, content)
    response = public.post(_url(page), body)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html, errors(html)
    assert not Petition.objects.exists() and not PetitionFile.objects.exists()


def test_invalid_utf8_is_refused(public: Client, page: PetitionPage) -> None:
    body = "&".join(f"{k}={v}" for k, v in form().items()).encode() + b"&content=%FF%FE%80bad"
    response = public.post(_url(page), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and not Petition.objects.exists()


def test_an_oversized_body_is_refused_before_reading(public: Client, page: PetitionPage) -> None:
    response = public.post(_url(page), b"x", content_type="application/x-www-form-urlencoded",
                           CONTENT_LENGTH=str(100 * 1024 * 1024))
    assert response.status_code == 413 and "过大" in response.content.decode()
    assert not Petition.objects.exists()


def test_after_the_cutoff_the_page_says_so_and_points_to_12388(public: Client, page: PetitionPage,
                                                               business_date: Any) -> None:
    business_date(datetime.date(2018, 12, 8))
    html = public.get(_url(page)).content.decode()
    assert "已截止" in html and "12388" in html and "captcha_1" not in html
    response = public.post(_url(page), form())
    assert response.status_code == 400 and "12388" in response.content.decode()
    assert not Petition.objects.exists()


def test_thousands_of_receipt_guesses_find_nothing_and_are_throttled(public: Client, page: PetitionPage) -> None:
    answers = []
    with override_settings(XUNCHA_PETITION_LOOKUP_RATE=(20, 600)):
        for _ in range(25):
            answers.append(public.post(reverse("petitions:track"), {"code": receipts.new_code()}).status_code)
    assert answers[:20] == [400] * 20 and set(answers[20:]) == {429}
    for junk in ("' OR 1=1 --", "<script>", "\x00" * 5, "Ａ" * 18, "x" * 5000):
        assert Client().post(reverse("petitions:track"), {"code": junk}).status_code in (400, 429)


def test_submissions_are_rate_limited(public: Client, page: PetitionPage) -> None:
    with override_settings(XUNCHA_PETITION_SUBMIT_RATE=(2, 3600)):
        codes = [public.post(_url(page), form()).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Petition.objects.count() == 2
