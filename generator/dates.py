"""Honest dates: what a record may say about when something happened, and how it is shown.

A `DateSpan` always has a first and last day (inclusive) so it can be sorted and placed on day
pages, plus the precision the source supports: a day (optionally with a part of the day or a
clock time), a range, a month, part of a month, or a year. See data/SCHEMA.md for the forms.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .arabic import GULF_MONTHS, LEVANT_MONTHS, MONTH_PARTS, WEEKDAYS

PRECISIONS = ("day", "range", "month-part", "month", "year")
PRECISION_AR = {
    "day": "يوم محدد",
    "range": "فترة",
    "month-part": "جزء من شهر",
    "month": "شهر",
    "year": "سنة",
}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
CLOCK = _TIME
_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):([0-5]\d)$")

# The years a date may name. Python's dates stop at 1 and 9999, and the index and the timeline
# step a day, a week or a month beyond an event's ends (year 0 failed in `check`, 9999-12 and
# 0001-01-01 only in `build`, after `check` had passed): the margin keeps them far from both.
YEAR_MIN, YEAR_MAX = 1000, 2999


class DateError(ValueError):
    """A date written in a record cannot be understood; the message says how to write it."""

    def __init__(self, message: str, code: str = "date.malformed"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Point:
    """One end of a date as written: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        if self.day:
            return date(self.year, self.month, self.day)
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @property
    def grain(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def _year(text: str, year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DateError(f"'{text}': the year {year:04d} is outside the years a date may name "
                        f"({YEAR_MIN}–{YEAR_MAX})", "date.out-of-range")
    return year


def parse_point(text: str) -> Point:
    text = text.strip()
    if m := _DAY.match(text):
        y, mo, d = (int(g) for g in m.groups())
        _year(text, y)
        if not 1 <= mo <= 12:
            raise DateError(f"'{text}' has no month {mo}", "date.impossible")
        if not 1 <= d <= calendar.monthrange(y, mo)[1]:
            raise DateError(f"'{text}' is not a real day ({calendar.month_name[mo]} {y} has "
                            f"{calendar.monthrange(y, mo)[1]} days)", "date.impossible")
        return Point(y, mo, d)
    if m := _MONTH.match(text):
        y, mo = (int(g) for g in m.groups())
        _year(text, y)
        if not 1 <= mo <= 12:
            raise DateError(f"'{text}' has no month {mo}", "date.impossible")
        return Point(y, mo)
    if m := _YEAR.match(text):
        return Point(_year(text, int(m.group(1))))
    raise DateError(f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a range A/B")


@dataclass(frozen=True)
class DateSpan:
    start: date
    end: date
    precision: str
    begin: Point
    finish: Point | None = None
    part: str | None = None
    time: str | None = None
    utc_offset: str | None = None
    approximate: bool = False
    label: str | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def sort_key(self) -> tuple:
        return (self.start, self.end, self.time or "")

    def iso(self) -> str:
        """The date as written (normalised): 2024-12-05, 2024-11, 2011/2024 …"""
        if self.finish:
            return f"{self.begin.iso()}/{self.finish.iso()}"
        return self.begin.iso()


def parse_span(value: str, *, time: str | None = None, utc_offset: str | None = None,
               part: str | None = None, approximate: bool = False, label: str | None = None,
               times_of_day: set[str] | frozenset[str] = frozenset()) -> DateSpan:
    """Parse the record forms of a date; raise DateError with a curator-facing message."""
    value = str(value).strip()
    if "/" in value:
        left, _, right = value.partition("/")
        begin, finish = parse_point(left), parse_point(right)
        if finish.last < begin.first:
            raise DateError(f"range '{value}' ends before it starts", "date.range-order")
        if part:
            raise DateError("'part' applies to a single month, not to a range", "date.part")
        precision = "range"
        start, end = begin.first, finish.last
        if begin == finish:
            finish = None
            precision = begin.grain if begin.grain != "day" else "day"
    else:
        begin, finish = parse_point(value), None
        start, end = begin.first, begin.last
        precision = begin.grain
    if part is not None:
        if begin.grain != "month" or finish:
            raise DateError("'part' (early/mid/late) needs a month such as 2024-11", "date.part")
        if part not in MONTH_PARTS:
            raise DateError(f"part '{part}' must be one of: {', '.join(MONTH_PARTS)}", "date.part")
        last = calendar.monthrange(begin.year, begin.month)[1]
        first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
        start, end = date(begin.year, begin.month, first_day), date(begin.year, begin.month, last_day)
        precision = "month-part"
    if time is not None:
        if precision != "day":
            raise DateError("a time of day needs a single day", "date.time")
        if not (_TIME.match(time) or time in times_of_day):
            raise DateError(f"time '{time}' must be HH:MM or one of: {', '.join(sorted(times_of_day))}",
                            "date.time")
    if utc_offset is not None:
        if time is None or not _TIME.match(time):
            raise DateError("utc_offset needs a clock time (HH:MM)", "date.time")
        if not _OFFSET.match(utc_offset):
            raise DateError(f"utc_offset '{utc_offset}' must look like +03:00", "date.time")
    return DateSpan(start, end, precision, begin, finish, part, time, utc_offset, approximate, label)


# --- Arabic display -------------------------------------------------------------------------


def month_name(month: int, levant: bool = True) -> str:
    """'ديسمبر (كانون الأول)': the Egyptian/Gulf name with the Levantine one beside it."""
    gulf = GULF_MONTHS[month - 1]
    return f"{gulf} ({LEVANT_MONTHS[month - 1]})" if levant else gulf


def weekday(d: date) -> str:
    return WEEKDAYS[d.weekday()]


def format_day(d: date, *, levant: bool = False, with_weekday: bool = False) -> str:
    text = f"{d.day} {month_name(d.month, levant)} {d.year}"
    return f"{weekday(d)} {text}" if with_weekday else text


def format_month(year: int, month: int, *, levant: bool = False) -> str:
    if month == 0:                      # month_name(0) would be December (index -1): search titled
        return format_period(year, 0)   # the 2011 page «ديسمبر (كانون الأول) 2011»
    return f"{month_name(month, levant)} {year}"


def format_period(year: int, month: int, *, levant: bool = False) -> str:
    """A chronology bucket: a month, or a year whose month is unknown (month 0)."""
    if month == 0:
        return f"{year} (الشهر غير محدد)"
    return format_month(year, month, levant=levant)


NOUNS = {
    # singular, dual, plural (3–10), singular accusative (11–99)
    "event": ("حدث", "حدثان", "أحداث", "حدثاً"),
    "article": ("مقال", "مقالان", "مقالات", "مقالاً"),
    "report": ("تقرير", "تقريران", "تقارير", "تقريراً"),
    "source": ("مصدر مستقل", "مصدران مستقلان", "مصادر مستقلة", "مصدراً مستقلاً"),
    "actor": ("فاعل", "فاعلان", "فاعلين", "فاعلاً"),
    "place": ("مكان", "مكانان", "أماكن", "مكاناً"),
    "day": ("يوم", "يومان", "أيام", "يوماً"),
    "result": ("نتيجة", "نتيجتان", "نتائج", "نتيجة"),
    "shared-event": ("حدث مشترك", "حدثان مشتركان", "أحداث مشتركة", "حدثاً مشتركاً"),
    "other-event": ("حدث آخر", "حدثان آخران", "أحداث أخرى", "حدثاً آخر"),
    "other-place": ("مكان آخر", "مكانان آخران", "أماكن أخرى", "مكاناً آخر"),
    "other-actor": ("طرف آخر", "طرفان آخران", "أطراف أخرى", "طرفاً آخر"),
    "ongoing-event": ("حدث مستمر", "حدثان مستمران", "أحداث مستمرة", "حدثاً مستمراً"),
}


def count(n: int, noun: str, genitive: bool = False) -> str:
    """A number with its noun in the grammatical form Arabic requires (1, 2, 3–10, 11–99, 100s).

    `genitive`: after a preposition («من مصدرين مستقلين», «في حدثين»); only the dual changes."""
    singular, dual, plural, accusative = NOUNS[noun]
    if n == 0:
        return f"لا {plural}" if noun != "event" else "لا أحداث"
    if n == 1:
        if noun.startswith(("other-", "shared-", "ongoing-")):   # «حدث آخر»: no «واحد» after it
            return singular
        return f"{singular} واحد" if noun not in ("result",) else f"{singular} واحدة"
    if n == 2:
        return dual_genitive(dual) if genitive else dual
    return _counted(n, str(n), singular, plural, accusative)


def _counted(n: int, shown: str, singular: str, plural: str, accusative: str) -> str:
    """A number of 3 or more and its noun: plural for 3–10, accusative singular for 11–99,
    singular for whole hundreds (103 → plural, 2000 → singular)."""
    rest = n % 100
    return f"{shown} {plural if 3 <= rest <= 10 else accusative if 11 <= rest <= 99 else singular}"


def dual_genitive(dual: str) -> str:
    """«مصدران مستقلان» → «مصدرين مستقلين»: each word's nominative ان becomes ين."""
    return " ".join(w[:-2] + "ين" if w.endswith("ان") else w for w in dual.split(" "))


def number(value: float) -> str:
    """A figure in digits, as Arabic news writes it: «2000 مقاتل», not «2,000» (a Latin comma,
    which reads as a list separator beside Arabic); from 10,000 on grouped by the Arabic thousands
    separator «٬» (U+066C), so «12٬500». A whole float is shown without its «.0»."""
    value = int(value) if float(value).is_integer() else value
    return str(value) if abs(value) < 10_000 else f"{value:,}".replace(",", "\u066c")


def counted_unit(n: float, singular: str, plural: str, genitive: bool = False) -> str:
    """A figure (digits) with its unit noun in the form Arabic counting requires: «3 سنوات»,
    «13 سنة», «94 مقاتلاً», «2000 مقاتل», «حافلتان», «شهر واحد». The unit vocabulary gives only singular and
    plural; the dual and the accusative singular are derived (ة → تان; otherwise ان, and اً for
    the accusative), which holds for the nouns a unit vocabulary holds (no hamza or alif endings)."""
    if not float(n).is_integer():
        return f"{number(n)} {singular}"
    n = int(n)
    if n == 1:
        return f"{singular} {'واحدة' if singular.endswith('ة') else 'واحد'}"
    if n == 2:
        stem = singular[:-1] + "ت" if singular.endswith("ة") else singular
        return stem + ("ين" if genitive else "ان")
    return _counted(n, number(n), singular, plural, singular if singular.endswith("ة") else singular + "اً")


def format_point(p: Point, *, levant: bool = False) -> str:
    if p.day:
        return format_day(p.first, levant=levant)
    if p.month:
        return format_month(p.year, p.month, levant=levant)
    return str(p.year)


def _short_range(a: Point, b: Point) -> str:
    if a.grain == b.grain == "day" and a.year == b.year:
        if a.month == b.month:
            return f"{a.day}–{b.day} {GULF_MONTHS[a.month - 1]} {a.year}"
        return f"{a.day} {GULF_MONTHS[a.month - 1]} – {b.day} {GULF_MONTHS[b.month - 1]} {a.year}"
    if a.grain == b.grain == "year":
        return f"{a.year}–{b.year}"
    if a.year == b.year and a.grain in ("day", "month") and b.grain in ("day", "month"):
        # the year once: «نوفمبر – ديسمبر 2024», «27 نوفمبر – ديسمبر 2024» (it was «27 نوفمبر 2024 –
        # ديسمبر 2024» beside «27 نوفمبر – 7 ديسمبر 2024», 81 times against 761 in the bundled dossier)
        left = f"{a.day} {GULF_MONTHS[a.month - 1]}" if a.grain == "day" else GULF_MONTHS[a.month - 1]
        return f"{left} – {format_point(b)}"
    return f"{format_point(a)} – {format_point(b)}"


def format_span(span: DateSpan, time_labels: dict[str, str] | None = None) -> str:
    """The date as a reader should see it, no more precise than the source."""
    if span.part:
        text = f"{MONTH_PARTS[span.part]} {GULF_MONTHS[span.begin.month - 1]} {span.begin.year}"
    elif span.finish:
        text = _short_range(span.begin, span.finish)
    else:
        text = format_point(span.begin)
    if span.time:
        if _TIME.match(span.time):
            clock = f"الساعة {span.time}"
            if span.utc_offset:
                clock += f" ({_utc(span.time, span.utc_offset)} بتوقيت غرينتش)"
            text += f"، {clock}"
        else:
            text += f"، {(time_labels or {}).get(span.time, span.time)}"
    if span.approximate:
        text = f"نحو {text}"
    return text


def _utc(clock: str, offset: str) -> str:
    h, m = (int(x) for x in clock.split(":"))
    sign = 1 if offset[0] == "+" else -1
    oh, om = (int(x) for x in offset[1:].split(":"))
    minutes = (h * 60 + m - sign * (oh * 60 + om)) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def days_between(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)
