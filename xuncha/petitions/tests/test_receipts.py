"""Receipt codes: 85 bits, grouped, forgiving to type, checked, stored only as a keyed hash."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from xuncha.petitions import receipts


def test_a_code_has_at_least_80_bits_and_is_grouped() -> None:
    code = receipts.new_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [6, 6, 6]
    assert receipts.DATA_SYMBOLS * math.log2(len(receipts.ALPHABET)) >= 80
    assert receipts.normalize(code) == code.replace("-", "")
    assert len({receipts.new_code() for _ in range(200)}) == 200


def test_typing_is_forgiving() -> None:
    code = receipts.new_code()
    typed = " ".join(code.lower().split("-"))
    assert receipts.normalize(typed) == code.replace("-", "")
    # O for 0, I and L for 1 are read as the digits.
    digits = code.replace("-", "")
    if "0" in digits or "1" in digits:
        assert receipts.normalize(digits.replace("0", "O").replace("1", "l")) == digits


@given(st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=31))
def test_every_single_substitution_fails_the_check(position: int, shift: int) -> None:
    raw = receipts.new_code().replace("-", "")
    wrong = receipts.ALPHABET[(receipts.ALPHABET.index(raw[position]) + shift) % 32]
    assert receipts.normalize(raw[:position] + wrong + raw[position + 1:]) is None


def test_malformed_input_is_no_code() -> None:
    for typed in ("", "ABC", "U" * 18, "<script>alert(1)</script>", "' OR 1=1 --", "１２３４５６-７８９０ＡＢ-ＣＤＥＦＧＨ"):
        assert receipts.normalize(typed) is None


def test_the_digest_is_keyed_and_not_the_code() -> None:
    raw = receipts.normalize(receipts.new_code())
    assert raw is not None
    assert receipts.digest(raw) != raw and len(receipts.digest(raw)) == 64
    assert receipts.digest(raw) == receipts.digest(raw)
