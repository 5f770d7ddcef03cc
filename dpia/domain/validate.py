"""Checking input field by field, collecting a specific message for each problem."""

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

from dpia.errors import Invalid
from dpia.partial_dates import PartialDate, PartialDateError
from dpia.vocab import Term

SHORT = 200
LONG = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Checker:
    """Collects errors keyed by field; raise them together at the end."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, key: str, message: str) -> None:
        """Record a message for a field, keeping the first one."""
        self.errors.setdefault(key, message)

    def raise_if_any(self) -> None:
        """Raise Invalid if any field failed."""
        if self.errors:
            raise Invalid(dict(self.errors))

    def text(
        self,
        key: str,
        value: object,
        label: str,
        *,
        required: bool = False,
        max_len: int = SHORT,
        missing: str = "",
    ) -> str:
        """A trimmed string of bounded length; `missing` says specifically what to enter when it is empty."""
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(key, f"{label} must be text")
            return ""
        value = _CONTROL.sub("", value.replace("\r\n", "\n")).strip()
        if required and not value:
            self.fail(key, missing or f"Enter {label[0].lower() + label[1:]}")
        elif len(value) > max_len:
            self.fail(key, f"{label} must be {max_len:,} characters or fewer (it has {len(value):,})")
        return value

    def choice(self, key: str, value: object, label: str, terms: tuple[Term, ...], missing: str = "") -> str:
        """One of a vocabulary's stored values; `missing` says specifically what to select when none is."""
        allowed = {t.value for t in terms}
        if value in allowed:
            return value  # type: ignore[return-value]
        if value in (None, ""):
            self.fail(key, missing or f"Select {label[0].lower() + label[1:]}")
        else:
            names = ", ".join(t.label for t in terms)
            self.fail(key, f"{label} must be one of: {names}")
        return ""

    def partial_date(self, key: str, value: object, label: str) -> PartialDate | None:
        """A date known to the year, month or day; from ISO text or day/month/year parts."""
        try:
            if isinstance(value, dict):
                return _from_parts(value)
            if value in (None, ""):
                return None
            if not isinstance(value, str):
                raise PartialDateError("must be a year, a year and month, or a full date")
            return PartialDate.parse(value)
        except PartialDateError as error:
            self.fail(key, f"{label} {error}")
            return None

    def money_pence(self, key: str, value: object, label: str, missing: str = "") -> int | None:
        """An amount in pounds, at most two decimal places, stored as whole pence."""
        text = str(value if value is not None else "").strip().replace(",", "").removeprefix("£")
        if not text:
            self.fail(key, missing or f"Enter {label.lower()}")
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            self.fail(key, f"{label} must be a number, like 12500 or 12500.50")
            return None
        if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
            self.fail(key, f"{label} must be in pounds and pence, like 12500.50")
            return None
        if amount < 0:
            self.fail(key, f"{label} must be £0 or more")
            return None
        if amount >= Decimal("1e12"):
            self.fail(key, f"{label} must be less than £1,000,000,000,000")
            return None
        return int(amount * 100)

    def url(self, key: str, value: object, label: str) -> str:
        """An http or https address, or nothing."""
        text = self.text(key, value, label, max_len=2000)
        if text:
            parsed = urlparse(text)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                self.fail(key, f"{label} must start with http:// or https://")
        return text


def _number(text: object, part: str) -> int | None:
    text = str(text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise PartialDateError(f"{part} must be a number")
    return int(text)


def _from_parts(parts: dict) -> PartialDate | None:
    day = _number(parts.get("day"), "day")
    month = _number(parts.get("month"), "month")
    year = _number(parts.get("year"), "year")
    if day is None and month is None and year is None:
        return None
    if year is None:
        raise PartialDateError("must include a year")
    if year < 1000:
        raise PartialDateError("year must include 4 numbers")
    return PartialDate.from_parts(year, month, day)
