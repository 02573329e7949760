"""Fictional Chinese names from a seeded PRNG: reproducible, unique within one demo load."""

from __future__ import annotations

import random
from itertools import accumulate

from xuncha.demo import data


class NameGenerator:
    """Draws surnames by weight and one- or two-character given names by gender; never repeats a name
    and never produces one of the real names of the speech."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set(data.RESERVED_NAMES)
        self._surnames = [s for s, _ in data.SURNAMES]
        self._cum_weights = list(accumulate(w for _, w in data.SURNAMES))

    def surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._cum_weights)[0]

    def given(self, gender: str) -> str:
        male = gender == "M"
        if self.rng.random() < 0.3:
            return self.rng.choice(data.MALE_SINGLE if male else data.FEMALE_SINGLE)
        first = self.rng.choice(data.MALE_FIRST if male else data.FEMALE_FIRST)
        second = self.rng.choice(data.MALE_SECOND if male else data.FEMALE_SECOND)
        return first + second if first != second else first + self.rng.choice(data.MALE_SINGLE)

    def name(self, gender: str, surname: str | None = None) -> str:
        """A new full name; ``surname`` fixes the family name (children, siblings, fathers)."""
        for _ in range(1000):
            candidate = (surname or self.surname()) + self.given(gender)
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("name space exhausted")  # pragma: no cover - thousands of combinations per surname
