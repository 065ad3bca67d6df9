"""Find the dates an Arabic news text states, and resolve them as far as the text allows.

Month names come from `arabic.month_numbers()` (Egyptian/Gulf, Levantine and their variants),
weekdays and month parts from `arabic.json`; matching runs on `arabic.normalize`d text, so
Arabic-Indic digits, hamza and ة/ه never matter, and every hit is reported in the original
spelling. Recognised forms, most specific first (a span is claimed once):

    08 - 12 - 2025 · 2024-12-08                       numeric day (day-month-year or ISO order)
    الجمعة 6 ديسمبر 2024 · ٧ ديسمبر ٢٠٢٤ · 27 نوفمبر/تشرين الثاني · ٦ كانون الأول ٢٠٢٤
    الخامس من ديسمبر 2024 · فجر الثامن من ديسمبر        day (ordinal days need "من")
    نهاية نوفمبر 2024 · الأيام الأخيرة من ديسمبر · أوائل ديسمبر  part of a month (year optional)
    ديسمبر 2024 · منذ تشرين الثاني/نوفمبر               month
    (2011-2024) · بين عامي 2011 و2024                   range of years
    عام 2016 · منذ العام 1979                           year (a bare number never is: 4000 مقاتل, 2254)
    اليوم السبت · يوم الجمعة · يومي الخميس والجمعة       weekday, resolved against an anchor

A missing year is taken from the nearest earlier date in the text that has one, else from the
dateline (the year before it when the month is later than the publication month), else from the
latest year the text mentions. A weekday is the most recent such day on or before the
publication date; when the text narrates days long before its publication (its latest explicit
day so far is more than a week before the dateline) or the publication date is unknown, the
latest explicit day earlier in the text is the anchor instead, and the result says so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..arabic import MONTH_PARTS, WEEKDAYS, month_numbers, normalize, normalize_with_map

MONTHS = month_numbers()
_WEEKDAYS = {normalize(w): i for i, w in enumerate(WEEKDAYS)}
_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
ORDINALS: dict[str, int] = {name: i for i, name in enumerate(_UNITS, start=1)}
ORDINALS.update({("الحادي" if i == 1 else _UNITS[i - 1]) + " عشر": 10 + i for i in range(1, 10)})
ORDINALS.update({"العشرين": 20, "الثلاثين": 30, "الحادي والثلاثين": 31})
ORDINALS.update({("الحادي" if i == 1 else _UNITS[i - 1]) + " والعشرين": 20 + i for i in range(1, 10)})
PARTS: dict[str, str] = {normalize(word): part for part, word in MONTH_PARTS.items()}
PARTS.update({normalize(w): "early" for w in ("مطلع", "بداية", "أول", "الأيام الأولى من", "الأسبوع الأول من")})
PARTS.update({normalize(w): "mid" for w in ("أواسط", "وسط")})
PARTS.update({normalize(w): "late" for w in ("نهاية", "آخر", "أواخر", "الأيام الأخيرة من", "الأسبوع الأخير من",
                                            "الأيام الأخيرة في")})
TIMES_OF_DAY = {normalize(w): t for w, t in (("فجر", "dawn"), ("فجرا", "dawn"), ("صباح", "morning"),
                                             ("صباحا", "morning"), ("ظهر", "noon"), ("عصر", "afternoon"),
                                             ("مساء", "evening"), ("ليل", "night"), ("ليلا", "night"),
                                             ("ليله", "night"), ("منتصف ليل", "midnight"))}
AMBIGUOUS_MONTHS = frozenset(normalize(w) for w in ("آب", "ماي", "مارس", "أوت", "جوان"))
"""Month names that are also ordinary words ("أب" father, "مارس" he practised): need a day or year."""


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_M = _alt(MONTHS)
_WD = _alt(_WEEKDAYS)
_ORD = _alt(ORDINALS)
_PART = _alt(PARTS)
_ALONE_PART = _alt(w for w in PARTS if w not in (normalize("أول"), normalize("آخر")))
"""Month parts that need no year: «أول ديسمبر» is as often the 1st and «آخر» also means "other"."""
_TOD = _alt(TIMES_OF_DAY)
_Y = r"(?:19|20)\d\d"
_B = r"(?<!\w)"      # word start (digits and letters are both \w)
_E = r"(?!\w)"

_MONTH_PAIR = rf"(?P<month>{_M}){_E}(?:\s*/\s*(?P<month2>{_M}){_E}|\s*\(\s*(?P<month3>{_M})\s*\))?"
_YEAR_TAIL = rf"(?:\s*[،,]?\s*(?:(?:من\s+)?(?:عام|العام|سنه)\s+)?(?P<year>{_Y}){_E})?"
_LEAD = rf"(?:(?P<tod>{_TOD})\s+)?(?:(?:يوم\s+)?[وف]?(?P<wd>{_WD})\s*[،,]?\s+(?:الموافق\s+)?(?:في\s+)?)?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("numeric", re.compile(rf"(?<![\d/.-])(?P<d>\d{{1,2}})\s*(?P<sep>[-/.])\s*(?P<m>\d{{1,2}})\s*(?P=sep)\s*"
                           rf"(?P<y>{_Y})(?![\d/.-])")),
    ("iso", re.compile(rf"(?<![\d/.-])(?P<y>{_Y})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?![\d/-])")),
    ("day", re.compile(rf"{_B}{_LEAD}(?:(?P<tod2>{_TOD})\s+)?"
                       rf"(?:(?P<day>\d{{1,2}})\s+(?:من\s+)?|(?P<ord>{_ORD})\s+من\s+)"
                       rf"(?:شهر\s+)?{_MONTH_PAIR}{_YEAR_TAIL}")),
    ("month-part", re.compile(rf"{_B}(?P<part>{_PART})\s+(?:شهر\s+)?{_MONTH_PAIR}\s*[،,]?\s*"
                              rf"(?:(?:من\s+)?(?:عام|العام)\s+)?"
                              rf"(?P<year>{_Y}){_E}")),
    ("month", re.compile(rf"{_B}(?:شهر\s+)?{_MONTH_PAIR}\s*[،,]?\s*(?:(?:من\s+)?(?:عام|العام)\s+)?(?P<year>{_Y}){_E}")),
    ("month-alone", re.compile(rf"{_B}[وف]?(?:(?P<cue>منذ|في|خلال|حتى|شهر)|(?P<part>{_ALONE_PART}))\s+"
                               rf"(?:شهر\s+)?{_MONTH_PAIR}")),
    ("year-range", re.compile(rf"\(\s*(?P<y1>{_Y})\s*[-–—/]\s*(?P<y2>{_Y})\s*\)|{_B}(?:بين\s+)?عامي\s+(?P<y3>{_Y})\s+"
                              rf"و\s*(?P<y4>{_Y}){_E}|{_B}من\s+(?:عام|العام)\s+(?P<y5>{_Y})\s+(?:الي|حتى)\s+"
                              rf"(?:عام\s+)?(?P<y6>{_Y}){_E}")),
    ("year", re.compile(rf"{_B}(?:[وف]?منذ\s+(?:(?:ال)?عام\s+)?|[وفبل]?(?:عام|العام|سنه|السنه|عامي)\s+)"
                        rf"(?P<year>{_Y}){_E}")),
    ("weekday", re.compile(rf"{_B}(?:(?P<today>اليوم)\s+)?(?:(?P<tod>{_TOD})\s+)?(?:(?:يوم|يومي)\s+)?[وف]?"
                           rf"(?P<wd>{_WD}){_E}(?:\s+(?P<rel>الماضي|المقبل|القادم|المنصرم){_E})?")),
    ("today", re.compile(r"(?<=[،,])\s*(?P<today>اليوم)\s*(?=[،,])")),
]


@dataclass(frozen=True)
class DateMention:
    """A date as the text says it, and what it resolves to (value None when it cannot)."""

    text: str
    start: int
    end: int
    value: str | None          # 2024-12-05 · 2024-12 · 2011 · 2011/2024
    precision: str             # day | month-part | month | year | range
    part: str | None = None    # early | mid | late, for month-part
    time: str | None = None    # a part of the day (vocab times-of-day) when the text gives one
    explicit_year: bool = True
    note: str | None = None    # how a missing year or a weekday was resolved

    def as_dict(self) -> dict:
        out = {"text": self.text, "value": self.value, "precision": self.precision}
        for key in ("part", "time", "note"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


@dataclass
class _Raw:
    kind: str
    start: int
    end: int
    groups: dict


def _scan(folded: str) -> list[_Raw]:
    taken: list[tuple[int, int]] = []
    found: list[_Raw] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(folded):
            start, end = m.span()
            while start < end and folded[start] == " ":
                start += 1
            if any(start < e and s < end for s, e in taken):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v}
            if kind == "month-alone" and not _good_month_alone(groups):
                continue
            taken.append((start, end))
            found.append(_Raw(kind, start, end, groups))
    return sorted(found, key=lambda r: r.start)


_MONTH_CUES = frozenset({"شهر", "منذ"})


def _good_month_alone(groups: dict) -> bool:
    """A month without day or year: the two calendars together, or a clear cue before one name
    (شهر, منذ or a part of the month: «نهاية نوفمبر», «أوائل ديسمبر»)."""
    paired = "month2" in groups or "month3" in groups
    clear = groups.get("cue") in _MONTH_CUES or "part" in groups
    return paired or (groups["month"] not in AMBIGUOUS_MONTHS and clear)


def _month(groups: dict) -> int:
    return MONTHS[groups["month"]]


def _real_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order, resolved against `published` where needed."""
    folded, where = normalize_with_map(text)
    raws = _scan(folded)
    text_years = [int(r.groups[k]) for r in raws for k in ("year", "y", "y1", "y2", "y3", "y4", "y5", "y6")
                  if k in r.groups]
    if published:
        text_years = [y for y in text_years if y <= published.year]
    latest_text_year = max(text_years) if text_years else None
    mentions: list[DateMention] = []
    last_dated: tuple[int, int, str] | None = None       # (year, month, its text) of the nearest dated mention
    latest_day: tuple[date, str] | None = None           # latest explicit day so far, for weekdays
    for raw in raws:
        o_start, o_end = where[raw.start], where[raw.end - 1] + 1
        shown = text[o_start:o_end]
        mention = _resolve(raw, shown, o_start, o_end, published, last_dated, latest_text_year, latest_day)
        if mention is None:
            continue
        mentions.append(mention)
        if mention.explicit_year and mention.value and mention.precision in ("day", "month", "month-part"):
            year, month = int(mention.value[:4]), int(mention.value[5:7])
            last_dated = (year, month, shown)
        if mention.precision == "day" and mention.value and mention.explicit_year:
            day = date.fromisoformat(mention.value)
            if day != published and (latest_day is None or day > latest_day[0]):
                latest_day = (day, shown)
    return mentions


def _resolve(raw: _Raw, shown: str, start: int, end: int, published: date | None,
             last_dated, latest_text_year: int | None, latest_day) -> DateMention | None:
    g = raw.groups
    time = TIMES_OF_DAY.get(g.get("tod") or g.get("tod2") or "")
    if raw.kind in ("numeric", "iso"):
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        if not _real_day(y, mo, d):
            return None
        return DateMention(shown, start, end, date(y, mo, d).isoformat(), "day")
    if raw.kind == "year-range":
        y1 = int(g.get("y1") or g.get("y3") or g.get("y5"))
        y2 = int(g.get("y2") or g.get("y4") or g.get("y6"))
        if y2 <= y1:
            return None
        return DateMention(shown, start, end, f"{y1}/{y2}", "range")
    if raw.kind == "year":
        return DateMention(shown, start, end, g["year"], "year")
    if raw.kind in ("weekday", "today"):
        mention = _weekday(raw, shown, start, end, published, latest_day, time)
        return replace(mention, explicit_year=False)
    month = _month(g)
    if raw.kind == "day":
        day = int(g["day"]) if "day" in g else ORDINALS[g["ord"]]
        year, note = _year(g, month, published, last_dated, latest_text_year)
        explicit = "year" in g
        if year is None:
            return DateMention(shown, start, end, None, "day", time=time, explicit_year=False,
                               note="no year in the text or dateline")
        if not _real_day(year, month, day):
            return None
        value = date(year, month, day)
        if "wd" in g and _WEEKDAYS[g["wd"]] != value.weekday():
            note = ((note + "; ") if note else "") + f"the text's weekday does not match {value.isoformat()}"
        return DateMention(shown, start, end, value.isoformat(), "day", time=time, explicit_year=explicit, note=note)
    year, note = _year(g, month, published, last_dated, latest_text_year)
    precision = "month-part" if "part" in g else "month"
    value = f"{year:04d}-{month:02d}" if year else None
    return DateMention(shown, start, end, value, precision, part=PARTS.get(g.get("part", "")),
                       explicit_year="year" in g, note=note if "year" not in g else None)


def _year(g: dict, month: int, published: date | None, last_dated, latest_text_year: int | None):
    if "year" in g:
        return int(g["year"]), None
    if last_dated:
        return last_dated[0], f"year from «{last_dated[2]}» earlier in the text"
    if published:
        year = published.year - 1 if month > published.month else published.year
        return year, "year from the dateline"
    if latest_text_year:
        return latest_text_year, "year: the latest year the text mentions"
    return None, None


def _weekday(raw: _Raw, shown: str, start: int, end: int, published: date | None, latest_day, time):
    g = raw.groups
    if raw.kind == "today" or ("today" in g and "wd" not in g):
        if not published:
            return DateMention(shown, start, end, None, "day", time=time, note="«اليوم» needs a publication date")
        return DateMention(shown, start, end, published.isoformat(), "day", time=time,
                           note="«اليوم»: the publication date")
    weekday = _WEEKDAYS[g["wd"]]
    if "today" in g:
        if not published:
            return DateMention(shown, start, end, None, "day", time=time, note="«اليوم» needs a publication date")
        note = "«اليوم»: the publication date"
        if published.weekday() != weekday:
            note += f", which is not a «{WEEKDAYS[weekday]}»: check"
        return DateMention(shown, start, end, published.isoformat(), "day", time=time, note=note)
    anchor, source = published, "the publication date"
    retrospective = published and latest_day and (published - latest_day[0]).days > 7
    if (not published or retrospective) and latest_day:
        anchor, source = latest_day[0], f"«{latest_day[1]}» earlier in the text"
    if anchor is None:
        return DateMention(shown, start, end, None, "day", time=time,
                           note="a weekday needs a publication date or an earlier dated day in the text")
    if g.get("rel") in ("المقبل", "القادم"):
        value = anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
        note = f"«{WEEKDAYS[weekday]}» taken as the next one after {source}"
    else:
        value = anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
        note = f"«{WEEKDAYS[weekday]}» taken as the last one on or before {source}"
    return DateMention(shown, start, end, value.isoformat(), "day", time=time, note=note)


def first_full_date(text: str) -> DateMention | None:
    """The first day with an explicit year in `text` (what a dateline must carry)."""
    for mention in find_dates(text):
        if mention.precision == "day" and mention.value and mention.explicit_year:
            return mention
    return None


def shift(mention: DateMention, offset: int) -> DateMention:
    """The same mention with offsets moved (when a line was searched on its own)."""
    return replace(mention, start=mention.start + offset, end=mention.end + offset)
