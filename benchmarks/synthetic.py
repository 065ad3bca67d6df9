#!/usr/bin/env python3
"""A deterministic synthetic corpus for the scale benchmark.

    python benchmarks/synthetic.py --articles N --out DIR [--project]

writes DIR/data/{articles,actors,places,events}/ and a copy of data/vocab, valid for
`python -m generator --root DIR check` (0 errors), plus DIR/bench-manifest.json (counts and the
most frequent entities, read by benchmarks/run.py; the generator ignores it). `--project` also
copies what a build needs beside data/ (templates, hooks, overrides, mkdocs.yml, docs/about.md,
docs/assets), as tests/conftest.py does for its throwaway projects.

The same N always gives byte-identical files: one `random.Random` seeded from N, no set or hash
ordering, no clock. What it models, at ~N*10/3 events with ~3 reports each:

- Arabic names built from name lists and three-consonant root patterns, each with aliases
  (without ال, hamza folded أ/إ/آ→ا, final ة→ه, final ى→ي, short forms) and a Latin transliteration;
- actor hierarchies (state → armed force → division → brigade; groups → sectors; ministries;
  coalitions and people via member_of) and place hierarchies (region → country → governorate →
  city → district / base / airport …, crossings within two governorates);
- media outlets and news agencies as actors; articles with title, outlet, a published date over
  2021–2024, relays, and a cleaned Arabic text made of the sentences of the events it reports:
  every report's quote is a verbatim sentence of its article's .txt;
- varied dates (days, times of day, clock times, ranges, months, month parts, month and year
  ranges, years), roles, places with roles, via chains, figures, denying reports, denial events
  (`denies:`), disputes with differing accounts, related events;
- Zipf-like frequencies for actors and places (a few very frequent, a long tail of rare ones).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_DAY, LAST_DAY = date(2021, 1, 1), date(2024, 12, 31)
RESERVED_IDS = {"index", "assets", "data", "search"}

# --- name material ---------------------------------------------------------------------------

FIRST_NAMES = [
    ("محمد", "Muhammad"), ("أحمد", "Ahmad"), ("علي", "Ali"), ("حسن", "Hasan"), ("حسين", "Husayn"),
    ("عمر", "Umar"), ("خالد", "Khalid"), ("يوسف", "Yusuf"), ("إبراهيم", "Ibrahim"), ("إسماعيل", "Ismail"),
    ("عبد الله", "Abdullah"), ("عبد الرحمن", "Abd al-Rahman"), ("عبد الكريم", "Abd al-Karim"),
    ("عبد الرضا", "Abd al-Rida"), ("سليمان", "Sulayman"), ("مصطفى", "Mustafa"), ("أسامة", "Usama"),
    ("حمزة", "Hamza"), ("طلحة", "Talha"), ("أنس", "Anas"), ("أيمن", "Ayman"), ("إياد", "Iyad"),
    ("أكرم", "Akram"), ("جواد", "Jawad"), ("باقر", "Baqir"), ("مهدي", "Mahdi"), ("رضا", "Rida"),
    ("كريم", "Karim"), ("سامر", "Samer"), ("ماهر", "Maher"), ("فادي", "Fadi"), ("رامي", "Rami"),
    ("قاسم", "Qasim"), ("جعفر", "Jafar"), ("صالح", "Salih"), ("فالح", "Falih"), ("هادي", "Hadi"),
    ("عيسى", "Isa"), ("موسى", "Musa"), ("يحيى", "Yahya"), ("زكريا", "Zakariya"), ("نزار", "Nizar"),
    ("وسام", "Wisam"), ("بسام", "Bassam"), ("هشام", "Hisham"), ("عصام", "Isam"), ("معاذ", "Muadh"),
    ("طارق", "Tariq"), ("زياد", "Ziyad"), ("سهيل", "Suhayl"), ("كيومرث", "Kiumars"), ("إسحاق", "Ishaq"),
    ("أمير", "Amir"), ("أنور", "Anwar"), ("آدم", "Adam"), ("أسعد", "Asaad"), ("فاطمة", "Fatima"),
    ("زينب", "Zaynab"), ("مريم", "Maryam"), ("عائشة", "Aisha"), ("خديجة", "Khadija"), ("ليلى", "Layla"),
]
FAMILY_NAMES = [
    ("العبيدي", "al-Ubaydi"), ("الحسيني", "al-Husayni"), ("الأسعد", "al-Asaad"), ("الأمين", "al-Amin"),
    ("الجبوري", "al-Juburi"), ("الدليمي", "al-Dulaymi"), ("الشمري", "al-Shammari"), ("الزبيدي", "al-Zubaydi"),
    ("الخزرجي", "al-Khazraji"), ("الموسوي", "al-Musawi"), ("الهاشمي", "al-Hashimi"), ("العلوي", "al-Alawi"),
    ("الكعبي", "al-Kabi"), ("التميمي", "al-Tamimi"), ("الإبراهيمي", "al-Ibrahimi"), ("الأنصاري", "al-Ansari"),
    ("الطائي", "al-Tai"), ("السعدي", "al-Saadi"), ("النعيمي", "al-Nuaymi"), ("الأحمد", "al-Ahmad"),
    ("الإدريسي", "al-Idrisi"), ("العطار", "al-Attar"), ("الخطيب", "al-Khatib"), ("الحداد", "al-Haddad"),
    ("النجار", "al-Najjar"), ("الصباغ", "al-Sabbagh"), ("الفياض", "al-Fayyad"), ("المشهداني", "al-Mashhadani"),
    ("العامري", "al-Amiri"), ("الساعدي", "al-Saidi"), ("البكري", "al-Bakri"), ("القرشي", "al-Qurashi"),
]
# consonants of generated roots: (Arabic, Latin)
CONSONANTS = [("ب", "b"), ("ت", "t"), ("ج", "j"), ("ح", "h"), ("خ", "kh"), ("د", "d"), ("ر", "r"),
              ("ز", "z"), ("س", "s"), ("ش", "sh"), ("ص", "s"), ("ط", "t"), ("ع", ""), ("ف", "f"),
              ("ق", "q"), ("ك", "k"), ("ل", "l"), ("م", "m"), ("ن", "n"), ("ه", "h"), ("و", "w")]
# morphological patterns over a root c1 c2 c3: (Arabic, Latin) builders
PATTERNS = [
    (lambda a, b, c: a + "ا" + b + c, lambda a, b, c: f"{a}a{b}i{c}"),              # فاعل
    (lambda a, b, c: a + b + "ي" + c, lambda a, b, c: f"{a}a{b}i{c}"),              # فعيل
    (lambda a, b, c: a + b + "ا" + c, lambda a, b, c: f"{a}a{b}{b}a{c}"),           # فعّال
    (lambda a, b, c: "م" + a + b + "و" + c, lambda a, b, c: f"ma{a}{b}u{c}"),       # مفعول
    (lambda a, b, c: a + b + c + "ان", lambda a, b, c: f"{a}a{b}{c}an"),            # فعلان
    (lambda a, b, c: a + "و" + b + c, lambda a, b, c: f"{a}aw{b}a{c}"),             # فوعل
]
ORG_NOUNS = [
    ("الفتح", "al-Fath"), ("النصر", "al-Nasr"), ("الحق", "al-Haqq"), ("الشهداء", "al-Shuhada"),
    ("الأنصار", "al-Ansar"), ("العزة", "al-Izza"), ("الكرامة", "al-Karama"), ("التوحيد", "al-Tawhid"),
    ("الفرقان", "al-Furqan"), ("الصمود", "al-Sumud"), ("الأحرار", "al-Ahrar"), ("الحرية", "al-Hurriya"),
    ("الإمام", "al-Imam"), ("البدر", "al-Badr"), ("الرسالة", "al-Risala"), ("الوعد", "al-Wad"),
    ("الفجر", "al-Fajr"), ("الإسلام", "al-Islam"), ("النور", "al-Nur"), ("العهد", "al-Ahd"),
    ("الثأر", "al-Thar"), ("الأمة", "al-Umma"), ("الجزيرة", "al-Jazira"), ("الفرات", "al-Furat"),
    ("البادية", "al-Badiya"), ("الساحل", "al-Sahil"), ("الجنوب", "al-Janub"), ("الشمال", "al-Shamal"),
]
ORG_ADJECTIVES = [
    ("المبين", "al-Mubin"), ("الأول", "al-Awwal"), ("الجديد", "al-Jadid"), ("الموحد", "al-Muwahhad"),
    ("الإسلامي", "al-Islami"), ("الوطني", "al-Watani"), ("الشعبي", "al-Shabi"), ("الكبرى", "al-Kubra"),
    ("الأحرار", "al-Ahrar"), ("المقاوم", "al-Muqawim"),
]
GROUP_PREFIXES = [("لواء", "Liwa"), ("كتائب", "Kataib"), ("حركة", "Harakat"), ("جبهة", "Jabhat"),
                  ("سرايا", "Saraya"), ("فيلق", "Faylaq"), ("جيش", "Jaysh"), ("تجمع", "Tajammu"),
                  ("قوات", "Quwwat"), ("عصائب", "Asaib")]
MEDIA_NOUNS = [("الوطن", "al-Watan"), ("الفجر", "al-Fajr"), ("الشرق", "al-Sharq"), ("النهار", "al-Nahar"),
               ("الأيام", "al-Ayyam"), ("المستقبل", "al-Mustaqbal"), ("الحدث", "al-Hadath"), ("البيان", "al-Bayan"),
               ("الرأي", "al-Rai"), ("الصباح", "al-Sabah"), ("الخليج", "al-Khalij"), ("الأخبار", "al-Akhbar"),
               ("المدى", "al-Mada"), ("الزمان", "al-Zaman"), ("الأنباء", "al-Anba"), ("الحياة", "al-Hayat"),
               ("المرصد", "al-Marsad"), ("اليوم", "al-Yawm"), ("العاصمة", "al-Asima"), ("الضفة", "al-Diffa")]
MEDIA_PREFIXES = [("صحيفة", "newspaper", "media-outlet"), ("قناة", "channel", "media-outlet"),
                  ("موقع", "website", "media-outlet"), ("إذاعة", "radio", "media-outlet")]
STATES = [  # id, Arabic name, Latin, adjective (feminine), army adjective (masculine), capital
    ("syria", "سوريا", "Syria", "السورية", "السوري"), ("iraq", "العراق", "Iraq", "العراقية", "العراقي"),
    ("lebanon", "لبنان", "Lebanon", "اللبنانية", "اللبناني"), ("jordan", "الأردن", "Jordan", "الأردنية", "الأردني"),
    ("turkey", "تركيا", "Turkey", "التركية", "التركي"), ("iran", "إيران", "Iran", "الإيرانية", "الإيراني"),
    ("russia", "روسيا", "Russia", "الروسية", "الروسي"), ("egypt", "مصر", "Egypt", "المصرية", "المصري"),
    ("saudi-arabia", "السعودية", "Saudi Arabia", "السعودية", "السعودي"),
    ("united-states", "الولايات المتحدة", "United States", "الأمريكية", "الأمريكي"),
]
MINISTRIES = [("الدفاع", "Defence"), ("الداخلية", "Interior"), ("الخارجية", "Foreign Affairs"),
              ("المالية", "Finance"), ("الإعلام", "Information"), ("الصحة", "Health")]
INTERNATIONAL = [("un", "الأمم المتحدة", "United Nations", ["UN", "المنظمة الدولية"]),
                 ("icrc", "اللجنة الدولية للصليب الأحمر", "International Committee of the Red Cross", ["الصليب الأحمر", "ICRC"]),
                 ("arab-league", "جامعة الدول العربية", "Arab League", ["الجامعة العربية"]),
                 ("who", "منظمة الصحة العالمية", "World Health Organization", ["WHO"])]
DESCRIPTION_SOURCES = [("مصدر عسكري", 1), ("مصدران أمنيان", 2), ("ثلاثة مسؤولين محليين", 3),
                       ("مصادر ميدانية", None), ("شهود عيان", None), ("مسؤول رفيع طلب عدم كشف اسمه", 1),
                       ("ناشطون محليون", None), ("مصدر دبلوماسي", 1), ("مسؤولان حكوميان", 2)]
FILLERS = [
    "ولم يتسن التحقق من هذه المعلومات من مصدر مستقل.",
    "ويأتي ذلك في ظل توتر متصاعد تشهده المنطقة منذ أسابيع.",
    "ولم يصدر أي تعليق رسمي على الفور.",
    "وتتضارب الروايات حول تفاصيل ما جرى.",
    "وأشارت التقارير إلى أن الوضع لا يزال متوتراً.",
    "وتعذر الوصول إلى المتحدث الرسمي للتعليق.",
    "ويرى مراقبون أن هذه التطورات قد تغيّر موازين القوى على الأرض.",
    "وتداول ناشطون صوراً قالوا إنها من موقع الحدث.",
]
GULF_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
               "أكتوبر", "نوفمبر", "ديسمبر"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
TIMES = {"dawn": "فجر", "morning": "صباح", "noon": "ظهر", "afternoon": "عصر", "evening": "مساء",
         "night": "ليلة", "midnight": "منتصف ليلة"}
PARTS = {"early": "مطلع", "mid": "منتصف", "late": "أواخر"}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# --- event kinds: actor roles, place roles, a subject-first clause, the noun for denials -----
# The clause is written with {role} slots for names and {when} for the date phrase; the summary
# is the clause with canonical names and no date.

KINDS = {
    "attack": dict(w=14, actors=["agent", "target"], places=["location"], noun="الهجوم",
                   clause=["{agent} شنّ هجوماً على مواقع {target} في {location} {when}",
                           "{agent} استهدف تجمعات {target} قرب {location} {when}"], fig="killed"),
    "battle": dict(w=6, actors=["agent", "participant"], places=["location"], noun="الاشتباكات",
                   clause=["اشتباكات عنيفة اندلعت بين {agent} و{participant} في {location} {when}"], fig="killed"),
    "capture": dict(w=5, actors=["agent"], places=["location"], noun="السيطرة",
                    clause=["{agent} أحكم سيطرته على {location} {when}", "{agent} سيطر على {location} {when}"]),
    "withdrawal": dict(w=7, actors=["agent"], places=["origin", "destination"], noun="الانسحاب",
                       clause=["{agent} انسحب من {origin} باتجاه {destination} {when}"], fig="vehicle"),
    "evacuation": dict(w=4, actors=["subject"], places=["origin", "destination"], noun="الإجلاء",
                       clause=["{subject} جرى إجلاؤهم من {origin} إلى {destination} {when}"], fig="bus"),
    "deployment": dict(w=5, actors=["agent"], places=["destination"], noun="الانتشار",
                       clause=["{agent} نشر قوات إضافية في {destination} {when}"], fig="fighter"),
    "reinforcement": dict(w=4, actors=["agent", "beneficiary"], places=["destination"], noun="إرسال التعزيزات",
                          clause=["{agent} أرسل تعزيزات عسكرية إلى {destination} دعماً لـ{beneficiary} {when}"],
                          fig="vehicle"),
    "killing": dict(w=5, actors=["victim", "agent"], places=["location"], noun="عملية الاغتيال",
                    clause=["{victim} قُتل في {location} {when} في عملية نُسبت إلى {agent}"]),
    "injury": dict(w=2, actors=["victim"], places=["location"], noun="الإصابة",
                   clause=["{victim} أُصيب بجروح في {location} {when}"], fig="wounded"),
    "statement": dict(w=9, actors=["speaker"], places=["location"], noun="التصريح",
                      clause=["{speaker} صرّح من {location} {when} بأن الوضع الميداني تحت السيطرة",
                              "{speaker} أعلن في {location} {when} عن إجراءات جديدة"]),
    "accusation": dict(w=4, actors=["speaker", "target"], places=["location"], noun="الاتهام",
                       clause=["{speaker} اتهم {target} {when} بالوقوف وراء التصعيد في {location}"]),
    "warning": dict(w=4, actors=["speaker", "addressee"], places=["location"], noun="التحذير",
                    clause=["{speaker} حذّر {addressee} {when} من عواقب أي تصعيد في {location}"]),
    "meeting": dict(w=6, actors=["participant", "participant", "host"], places=["location"], noun="الاجتماع",
                    clause=["{participant} اجتمع مع {participant2} في {location} {when} بحضور ممثلين عن {host}"]),
    "visit": dict(w=4, actors=["agent", "host"], places=["destination"], noun="الزيارة",
                  clause=["{agent} زار {destination} {when} والتقى مسؤولين من {host}"]),
    "agreement": dict(w=3, actors=["participant", "participant"], places=["location"], noun="الاتفاق",
                      clause=["{participant} توصل مع {participant2} إلى اتفاق بشأن {location} {when}"]),
    "appointment": dict(w=2, actors=["agent", "subject"], places=["location"], noun="التعيين",
                        clause=["{agent} عيّن {subject} في منصب قيادي في {location} {when}"]),
    "arrival": dict(w=4, actors=["agent"], places=["destination"], noun="الوصول",
                    clause=["{agent} وصل إلى {destination} {when}"], fig="plane"),
    "closure": dict(w=2, actors=["agent"], places=["location"], noun="الإغلاق",
                    clause=["{agent} أغلق الطرق المؤدية إلى {location} {when}"]),
    "funeral": dict(w=2, actors=["victim"], places=["location"], noun="التشييع",
                    clause=["{victim} شُيّع في {location} {when} وسط حضور كبير"]),
    "payment": dict(w=2, actors=["agent", "beneficiary"], places=["location"], noun="دفع المستحقات",
                    clause=["{agent} دفع مستحقات متأخرة إلى عناصر {beneficiary} في {location} {when}"], fig="usd"),
    "support": dict(w=3, actors=["agent", "beneficiary"], places=["location"], noun="الدعم",
                    clause=["{agent} قدّم دعماً لوجستياً إلى {beneficiary} في {location} {when}"]),
    "seizure": dict(w=2, actors=["agent"], places=["location"], noun="الاستيلاء",
                    clause=["{agent} استولى على مستودعات أسلحة في {location} {when}"]),
    "defection": dict(w=2, actors=["subject", "agent"], places=["location"], noun="الانشقاق",
                      clause=["{subject} أعلن انشقاقه عن {agent} في {location} {when}"]),
}
KIND_IDS = list(KINDS)
KIND_CUM = list(accumulate(KINDS[k]["w"] for k in KIND_IDS))
UNIT_RANGES = {"killed": (1, 60), "wounded": (1, 40), "vehicle": (3, 120), "bus": (2, 40), "fighter": (20, 900),
               "plane": (1, 6), "usd": (1000, 500000)}
UNIT_WORDS = {"killed": "قتيلاً", "wounded": "جريحاً", "vehicle": "آلية", "bus": "حافلة", "fighter": "عنصر",
              "plane": "طائرة", "usd": "دولار"}


# --- small helpers ---------------------------------------------------------------------------

def seed_for(n: int) -> int:
    return int.from_bytes(hashlib.sha256(f"dossier-bench:{n}".encode()).digest()[:8], "big")


def slug(latin: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")
    return re.sub(r"-{2,}", "-", s) or "x"


YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}   # plain, these would not be text


def q(value) -> str:
    """A YAML scalar: ids plain, everything else as a JSON string (valid YAML, any text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", value) and value not in YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def flow(mapping: dict) -> str:
    return "{" + ", ".join(f"{k}: {q(v)}" for k, v in mapping.items() if v is not None) + "}"


def flow_list(items) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


def aliases_for(name: str, latin: str | None, extra=()) -> list[str]:
    """The spellings a reader or a source may use: hamza folded, ة→ه, ى→ي, without ال, Latin."""
    out = list(extra)
    folded = name.translate(HAMZA)
    if folded != name:
        out.append(folded)
    ta = re.sub(r"ة(?=\s|$)", "ه", name)
    if ta != name:
        out.append(ta)
    ya = re.sub(r"ى(?=\s|$)", "ي", name)
    if ya != name:
        out.append(ya)
    if name.startswith("ال") and " " not in name and len(name) > 4:
        out.append(name[2:])
    if latin:
        out.append(latin)
    seen, result = {name}, []
    for a in out:
        if a and a not in seen:
            seen.add(a)
            result.append(a)
    return result


def date_phrase(span: dict, d: date) -> str:
    form = span["form"]
    if form == "day":
        text = f"يوم {WEEKDAYS[d.weekday()]} {d.day} {GULF_MONTHS[d.month - 1]} {d.year}"
        if span.get("time") in TIMES:
            text = f"{TIMES[span['time']]} {text}"
        elif span.get("time"):
            text = f"عند الساعة {span['time']} من {text}"
    elif form == "range":
        a, b = span["start"], span["end"]
        if a.month == b.month:
            text = f"بين {a.day} و{b.day} {GULF_MONTHS[a.month - 1]} {a.year}"
        else:
            text = f"بين {a.day} {GULF_MONTHS[a.month - 1]} و{b.day} {GULF_MONTHS[b.month - 1]} {b.year}"
    elif form == "month":
        text = f"خلال شهر {GULF_MONTHS[d.month - 1]} {d.year}"
    elif form == "month-part":
        text = f"في {PARTS[span['part']]} {GULF_MONTHS[d.month - 1]} {d.year}"
    elif form == "month-range":
        a, b = span["start"], span["end"]
        text = f"بين {GULF_MONTHS[a.month - 1]} {a.year} و{GULF_MONTHS[b.month - 1]} {b.year}"
    elif form == "year-range":
        text = f"بين عامي {span['start'].year} و{span['end'].year}"
    else:
        text = f"خلال عام {d.year}"
    return ("على الأرجح " + text) if span.get("approximate") else text


# --- the corpus ------------------------------------------------------------------------------

class Corpus:
    def __init__(self, n: int):
        self.n = n
        self.rng = random.Random(seed_for(n))
        self.actors: dict[str, dict] = {}
        self.places: dict[str, dict] = {}
        self.articles: list[dict] = []
        self.events: list[dict] = []
        self.used_names: set[str] = set()
        self.used_titles: set[str] = set()

    # ids and names ---------------------------------------------------------------------------

    def new_id(self, base: str, table: dict) -> str:
        base = slug(base)[:60].strip("-")
        if base in RESERVED_IDS:
            base += "-x"
        candidate, i = base, 2
        while candidate in table:
            candidate, i = f"{base}-{i}", i + 1
        return candidate

    def root_word(self) -> tuple[str, str]:
        r = self.rng
        while True:
            (a, la), (b, lb), (c, lc) = r.sample(CONSONANTS, 3)
            make_ar, make_lat = r.choice(PATTERNS)
            ar, lat = make_ar(a, b, c), make_lat(la, lb, lc)
            if len(lat) >= 3:
                return ar, lat

    def nisba(self) -> tuple[str, str]:
        """A family name: a listed one, or ال + a generated stem + ي."""
        if self.rng.random() < 0.35:
            return self.rng.choice(FAMILY_NAMES)
        ar, lat = self.root_word()
        return "ال" + ar + "ي", f"al-{lat}i"

    def place_word(self) -> tuple[str, str]:
        ar, lat = self.root_word()
        r = self.rng.random()
        if r < 0.35:
            return "ال" + ar, f"Al-{lat.capitalize()}"
        if r < 0.55:
            return "ال" + ar + "ة", f"Al-{lat.capitalize()}a"
        if r < 0.65:
            return "أ" + ar, f"A{lat}"
        return ar, lat.capitalize()

    def unique(self, make) -> tuple[str, str]:
        for _ in range(200):
            ar, lat = make()
            if ar not in self.used_names:
                self.used_names.add(ar)
                return ar, lat
        raise RuntimeError("ran out of names")

    # actors ----------------------------------------------------------------------------------

    def actor(self, base_id: str, name: str, kind: str, latin: str | None, *, part_of=(), member_of=(),
              extra_aliases=(), description: str | None = None) -> str:
        actor_id = self.new_id(base_id, self.actors)
        self.actors[actor_id] = dict(id=actor_id, name=name, latin=latin, kind=kind,
                                     aliases=aliases_for(name, latin, extra_aliases),
                                     part_of=list(part_of), member_of=list(member_of), description=description)
        return actor_id

    def make_actors(self) -> None:
        r, n = self.rng, self.n
        total = 60 + n // 7
        # media: outlets and agencies (outlets of articles, agencies relayed)
        self.outlets, self.agencies = [], []
        for sid, sname, slat, sadj, _ in STATES[:6]:
            self.agencies.append(self.actor(f"{sid}-news-agency", f"وكالة الأنباء {sadj}", "news-agency",
                                            f"{slat} News Agency", extra_aliases=[f"الوكالة {sadj}"],
                                            description=f"وكالة الأنباء الرسمية في {sname}."))
        for _ in range(2 + n // 2500):
            ar, lat = self.unique(self.root_word)
            self.agencies.append(self.actor(f"{lat}-press", f"وكالة {ar} برس", "news-agency", f"{lat.capitalize()} Press",
                                            extra_aliases=[f"{ar} برس"], description="وكالة أنباء خاصة."))
        n_outlets = 12 + n // 150
        for i in range(n_outlets):
            prefix, pid, kind = MEDIA_PREFIXES[i % len(MEDIA_PREFIXES)]
            if i < len(MEDIA_NOUNS):
                noun, nlat = MEDIA_NOUNS[i]
            else:
                w, wl = self.unique(self.root_word)
                noun, nlat = "ال" + w, f"al-{wl}"
            name = f"{prefix} {noun}" if prefix != "موقع" else f"موقع {noun} الإخباري"
            self.outlets.append(self.actor(f"{nlat}-{pid}", name, kind, f"{nlat[0].upper()}{nlat[1:]} {pid}",
                                           extra_aliases=[noun] if i % 3 == 0 else (),
                                           description="وسيلة إعلام عربية."))
        # states, their ministries, armies, divisions and brigades
        self.states = []
        pool: list[str] = []
        for sid, sname, slat, sadj, sarmy in STATES:
            self.states.append(self.actor(sid, sname, "state", slat))
            pool.append(sid)
        ministries, armies, divisions = [], [], []
        for sid, sname, slat, sadj, sarmy in STATES:
            army = self.actor(f"{sid}-army", f"الجيش {sarmy}", "armed-force", f"{slat} Army", part_of=[sid],
                              extra_aliases=[f"القوات {sadj}", f"قوات {sname}"])
            armies.append(army)
            for mar, mlat in MINISTRIES[:3]:
                ministries.append(self.actor(f"{sid}-ministry-of-{mlat}", f"وزارة {mar} {sadj}", "government-body",
                                             f"{slat} Ministry of {mlat}", part_of=[sid]))
        pool += armies + ministries
        groups, coalitions = [], []
        remaining = total - len(self.actors)
        n_units = max(4, remaining // 10)
        n_groups = max(6, remaining // 7)
        for i in range(n_units):
            if divisions and r.random() < 0.5:
                parent = r.choice(divisions)
                num = r.randint(10, 199)
                army_name = self.actors[self.actors[parent]["part_of"][0]]["name"]
                uid = self.actor(f"{parent}-brigade-{num}", f"اللواء {num} في {self.actors[parent]['name']}",
                                 "military-unit", f"Brigade {num} of {self.actors[parent]['latin']}",
                                 part_of=[parent], extra_aliases=[f"اللواء {num}"])
            else:
                army = r.choice(armies)
                num = r.randint(1, 40)
                uid = self.actor(f"{army}-division-{num}", f"الفرقة {num} في {self.actors[army]['name']}",
                                 "military-unit", f"Division {num} of the {self.actors[army]['latin']}",
                                 part_of=[army], extra_aliases=[f"الفرقة {num}"])
                divisions.append(uid)
            pool.append(uid)
        for _ in range(max(2, n_groups // 12)):
            noun, nlat = r.choice(ORG_NOUNS)
            kind_ar, kind_lat = r.choice([("تحالف", "Alliance"), ("غرفة عمليات", "Operations Room"), ("محور", "Axis")])
            name = f"{kind_ar} {noun}"
            if name in self.used_names:
                continue
            self.used_names.add(name)
            coalitions.append(self.actor(f"{nlat}-{kind_lat}", name, "coalition", f"{kind_lat} of {nlat}"))
        pool += coalitions
        for i in range(n_groups):
            def group_name():
                prefix, plat = r.choice(GROUP_PREFIXES)
                noun, nlat = r.choice(ORG_NOUNS)
                if r.random() < 0.6:
                    adj, alat = r.choice(ORG_ADJECTIVES)
                    return f"{prefix} {noun} {adj}", f"{plat} {nlat} {alat}"
                return f"{prefix} {noun}", f"{plat} {nlat}"
            name, lat = self.unique(group_name)
            parent = [r.choice(groups)] if groups and r.random() < 0.2 else []
            member = [r.choice(coalitions)] if coalitions and not parent and r.random() < 0.4 else []
            short = name.split(" ", 1)[1]
            gid = self.actor(lat, name, "armed-group", lat, part_of=parent, member_of=member,
                             extra_aliases=[short] if r.random() < 0.5 else (),
                             description=r.choice(["جماعة مسلحة تنشط في المنطقة.", "فصيل مسلح محلي.", None]))
            groups.append(gid)
            pool.append(gid)
        for iid, name, lat, extra in INTERNATIONAL:
            pool.append(self.actor(iid, name, "international-body", lat, extra_aliases=extra,
                                   part_of=["un"] if iid == "who" else ()))
        def party():
            noun, nlat = r.choice(ORG_NOUNS + MEDIA_NOUNS) if r.random() < 0.5 else self.root_word()
            return f"حزب {noun}", f"{nlat} Party"
        for _ in range(max(1, remaining // 60)):
            name, lat = self.unique(party)
            pool.append(self.actor(lat, name, "party", lat))
        # people: the long tail, members of groups, units and ministries
        persons = []
        while len(self.actors) < total:
            def person():
                first, flat = r.choice(FIRST_NAMES)
                fam, famlat = self.nisba()
                if r.random() < 0.15:
                    return f"أبو {first} {fam}", f"Abu {flat} {famlat}"
                return f"{first} {fam}", f"{flat} {famlat}"
            name, lat = self.unique(person)
            member = [r.choice(groups + divisions + ministries)] if r.random() < 0.7 else []
            fam = name.split(" ")[-1]
            pid = self.actor(lat, name, "person", lat, member_of=member,
                             extra_aliases=[fam] if r.random() < 0.3 else (),
                             description=r.choice(["قيادي عسكري.", "مسؤول حكومي.", "متحدث رسمي.", None, None]))
            if persons and r.random() < 0.01:
                other = r.choice(persons)
                self.actors[pid]["possibly_same_as"] = [dict(actor=other, note="تشابه في الاسم والدور في بعض المصادر")]
            persons.append(pid)
            pool.append(pid)
        # Zipf: a few very frequent actors (states, armies, big groups first), a long tail of people
        head = self.states + armies + groups[:8]
        r.shuffle(head)
        in_head = set(head)
        tail = [a for a in pool if a not in in_head]
        r.shuffle(tail)
        self.actor_order = head + tail
        self.actor_cum = list(accumulate(1.0 / (i + 1) ** 1.05 for i in range(len(self.actor_order))))
        self.persons, self.groups = persons, groups

    # places ----------------------------------------------------------------------------------

    def place(self, base_id: str, name: str, kind: str, latin: str | None, within=(), coords=None,
              extra_aliases=(), description=None) -> str:
        place_id = self.new_id(base_id, self.places)
        self.places[place_id] = dict(id=place_id, name=name, latin=latin, kind=kind,
                                     aliases=aliases_for(name, latin, extra_aliases), within=list(within),
                                     coordinates=coords, description=description)
        return place_id

    def make_places(self) -> None:
        r, n = self.rng, self.n
        total = 40 + n // 10
        region = self.place("middle-east", "الشرق الأوسط", "region", "Middle East", extra_aliases=["المشرق"])
        countries = []
        for i, (sid, sname, slat, sadj, _) in enumerate(STATES):
            countries.append(self.place(sid, sname, "country", slat, within=[region],
                                        coords=dict(lat=round(25 + i * 1.7, 4), lon=round(33 + i * 2.1, 4))))
        governorates, cities, towns = [], [], []
        n_gov = max(10, total // 12)
        n_city = max(12, total * 35 // 100)
        for i in range(n_gov):
            country = countries[i % 4] if i < 12 else r.choice(countries)
            capital, clat = self.unique(self.place_word)
            gov = self.place(f"{clat}-governorate", f"محافظة {capital}", "governorate", f"{clat} Governorate",
                             within=[country])
            governorates.append(gov)
            cities.append(self.place(clat, capital, "city", clat, within=[gov], extra_aliases=[f"مدينة {capital}"],
                                     coords=self.coords(country)))
        while len(cities) < n_city:
            gov = r.choice(governorates)
            name, lat = self.unique(self.place_word)
            kind = "city" if r.random() < 0.6 else "town"
            country = self.places[gov]["within"][0]
            pid = self.place(lat, name, kind, lat, within=[gov],
                             extra_aliases=[f"مدينة {name}"] if kind == "city" else [f"بلدة {name}"],
                             coords=self.coords(country) if r.random() < 0.5 else None)
            (cities if kind == "city" else towns).append(pid)
        others = []
        while len(self.places) < total:
            x = r.random()
            city = r.choice(cities)
            cname, clat = self.places[city]["name"], self.places[city]["latin"]
            gov = self.places[city]["within"][0]
            if x < 0.40:
                w, wl = self.unique(self.place_word)
                pid = self.place(f"{clat}-{wl}-district", f"حي {w}", "district", f"{wl} district", within=[city])
            elif x < 0.55:
                w, wl = self.unique(self.place_word)
                pid = self.place(f"{wl}-air-base", f"قاعدة {w} الجوية", "base", f"{wl} Air Base", within=[gov],
                                 extra_aliases=[f"مطار {w} العسكري"])
            elif x < 0.62:
                name = f"مطار {cname} الدولي"
                if name in self.used_names:
                    continue
                self.used_names.add(name)
                pid = self.place(f"{clat}-airport", name, "airport", f"{clat} International Airport", within=[city])
            elif x < 0.70:
                other = r.choice(governorates)
                if self.places[other]["within"] == self.places[gov]["within"]:
                    continue
                w, wl = self.unique(self.place_word)
                pid = self.place(f"{wl}-crossing", f"معبر {w}", "crossing", f"{wl} crossing", within=[gov, other],
                                 extra_aliases=[f"منفذ {w}"])
            elif x < 0.80:
                name = f"ريف {cname}"
                if name in self.used_names:
                    continue
                self.used_names.add(name)
                pid = self.place(f"{clat}-countryside", name, "area", f"{clat} countryside", within=[gov])
            elif x < 0.86:
                w, wl = self.unique(self.place_word)
                pid = self.place(f"mount-{wl}", f"جبل {w}", "mountain", f"Mount {wl}", within=[gov])
            elif x < 0.92:
                other = r.choice(cities)
                if other == city:
                    continue
                name = f"طريق {cname} - {self.places[other]['name']}"
                if name in self.used_names:
                    continue
                self.used_names.add(name)
                pid = self.place(f"{clat}-{self.places[other]['latin']}-road", name, "route",
                                 f"{clat}–{self.places[other]['latin']} road", within=[gov])
            else:
                name = f"مستشفى {cname} الوطني"
                if name in self.used_names:
                    continue
                self.used_names.add(name)
                pid = self.place(f"{clat}-national-hospital", name, "building", f"{clat} National Hospital",
                                 within=[city])
            others.append(pid)
        head = cities[:6] + countries[:3]
        r.shuffle(head)
        in_head = set(head) | {region}
        tail = [p for p in self.places if p not in in_head]
        r.shuffle(tail)
        self.place_order = head + tail
        self.place_cum = list(accumulate(1.0 / (i + 1) ** 1.0 for i in range(len(self.place_order))))

    def coords(self, country: str) -> dict:
        base = self.places[country]["coordinates"]
        return dict(lat=round(base["lat"] + self.rng.uniform(-1.5, 1.5), 4),
                    lon=round(base["lon"] + self.rng.uniform(-1.5, 1.5), 4))

    def pick_actor(self) -> str:
        x = self.rng.random() * self.actor_cum[-1]
        return self.actor_order[bisect_right(self.actor_cum, x)]

    def pick_place(self) -> str:
        x = self.rng.random() * self.place_cum[-1]
        return self.place_order[bisect_right(self.place_cum, x)]

    # articles and events ---------------------------------------------------------------------

    def make_articles(self) -> None:
        r, n = self.rng, self.n
        span = (LAST_DAY - FIRST_DAY).days
        outlet_cum = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(self.outlets))))
        days = sorted(FIRST_DAY + timedelta(days=r.randrange(span + 1)) for _ in range(n))
        for i, day in enumerate(days):
            outlet = self.outlets[bisect_right(outlet_cum, r.random() * outlet_cum[-1])]
            unknown_outlet = r.random() < 0.01
            unknown_date = r.random() < 0.01
            art_id = f"{'unknown-outlet' if unknown_outlet else outlet}-{'undated' if unknown_date else day.isoformat()}-{i:05d}"
            self.articles.append(dict(
                id=art_id, day=day, outlet=None if unknown_outlet else outlet, unknown_date=unknown_date,
                time=f"{r.randint(6, 23):02d}:{r.choice(['00', '15', '30', '45', '05', '50'])}" if r.random() < 0.3 else None,
                url=f"https://{outlet}.example/{day.year}/{day.month:02d}/{i:05d}" if r.random() < 0.5 else None,
                author=" ".join((r.choice(FIRST_NAMES)[0], r.choice(FAMILY_NAMES)[0])) if r.random() < 0.3 else None,
                title_supplied=r.random() < 0.03, digits=r.random() < 0.15,
                relays=[], sentences=[], dateline_place=None))

    def make_events(self) -> None:
        r, n = self.rng, self.n
        n_events = max(1, round(n * 10 / 3))
        window = max(4, min(40, round(n / 250)))   # neighbours in publication order: about a week at 10,000
        plans = []
        for _ in range(n_events):
            k = min(n, r.choice((2, 3, 3, 3, 3, 4, 4, 1, 5, 2)))
            anchor = r.randrange(n)
            chosen = [anchor]
            while len(chosen) < k:
                j = min(n - 1, max(0, anchor + r.randint(-window, window)))
                if j not in chosen:
                    chosen.append(j)
            plans.append((min(self.articles[j]["day"] for j in chosen), chosen))
        plans.sort(key=lambda p: (p[0], p[1]))
        for seq, (latest, chosen) in enumerate(plans):
            self.events.append(self.make_event(seq, latest, chosen))

    def make_date(self, latest: date) -> tuple[dict, date]:
        r = self.rng
        lag = r.choice((0, 0, 0, 0, 1, 1, 1, 2, 3, 5, 7, 12, 30))
        d = latest - timedelta(days=lag)
        x = r.random()
        span: dict = {}
        if x < 0.50:
            span = dict(form="day", value=d.isoformat())
        elif x < 0.62:
            span = dict(form="day", value=d.isoformat(), time=r.choice(list(TIMES)))
        elif x < 0.68:
            span = dict(form="day", value=d.isoformat(), time=f"{r.randint(0, 23):02d}:{r.choice(['00', '30', '15'])}")
            if r.random() < 0.5:
                span["utc_offset"] = "+03:00"
        elif x < 0.80:
            start = d - timedelta(days=r.randint(1, 6))
            span = dict(form="range", value=f"{start.isoformat()}/{d.isoformat()}", start=start, end=d)
            d = start
        elif x < 0.88:
            span = dict(form="month", value=f"{d.year:04d}-{d.month:02d}")
        elif x < 0.94:
            part = "early" if d.day <= 10 else "mid" if d.day <= 20 else "late"
            span = dict(form="month-part", value=f"{d.year:04d}-{d.month:02d}", part=part)
        elif x < 0.96:
            months = d.year * 12 + d.month - 1 - r.randint(1, 3)
            start = date(months // 12, months % 12 + 1, 1)
            span = dict(form="month-range", value=f"{start.year:04d}-{start.month:02d}/{d.year:04d}-{d.month:02d}",
                        start=start, end=d)
        elif x < 0.985:
            y0 = d.year - r.randint(1, 3)
            span = dict(form="year-range", value=f"{y0}/{d.year}", start=date(y0, 1, 1), end=d)
        else:
            span = dict(form="year", value=str(d.year))
        if span["form"] in ("day", "range", "month") and r.random() < 0.08:
            span["approximate"] = True
        if span["form"] in ("month", "month-part") and r.random() < 0.2:
            span["label"] = f"{PARTS.get(span.get('part'), 'خلال')} {GULF_MONTHS[d.month - 1]}"
        return span, d

    def choose_actors(self, roles: list[str]) -> list[tuple[str, str]]:
        out, used = [], []
        for role in roles:
            for _ in range(20):
                a = self.pick_actor()
                if a not in used:
                    break
            used.append(a)
            out.append((a, role))
        return out

    def choose_places(self, roles: list[str]) -> list[tuple[str, str]]:
        out, used = [], []
        for role in roles:
            for _ in range(20):
                p = self.pick_place()
                if p not in used:
                    break
            used.append(p)
            out.append((p, role))
        if self.rng.random() < 0.1 and roles == ["location"]:
            extra = self.pick_place()
            if extra not in used:
                out.append((extra, "location"))
        return out

    def spelled(self, table: dict, entity_id: str, canonical: bool) -> str:
        e = table[entity_id]
        if canonical:
            return e["name"]
        arabic = [a for a in e["aliases"] if not a.isascii()]
        return self.rng.choice(arabic) if arabic and self.rng.random() < 0.3 else e["name"]

    def fill(self, clause: str, actors, places, when: str, canonical: bool) -> str:
        slots: dict[str, str] = {}
        for actor_id, role in actors:
            key = role if role not in slots else role + "2"
            slots[key] = self.spelled(self.actors, actor_id, canonical)
        for place_id, role in places:
            slots.setdefault(role, self.spelled(self.places, place_id, canonical))
        slots["when"] = when
        text = clause.format(**slots)
        return re.sub(r"\s+", " ", text).strip()

    def title(self, kind: str, actors, places) -> str:
        """A headline as curators write them («الانسحاب: فيلق القدس، حلب»); the rare repeat gets a
        number, as two events with one title draw a warning."""
        noun = "النفي" if kind == "denial" else KINDS[kind]["noun"]
        title = f"{noun}: {self.actors[actors[0][0]]['name']}، {self.places[places[0][0]]['name']}"[:80]
        if title in self.used_titles:
            title = f"{title} ({len(self.used_titles) + 1})"
        self.used_titles.add(title)
        return title

    def make_event(self, seq: int, latest: date, chosen: list[int], *, denial_of: dict | None = None,
                   kind: str | None = None) -> dict:
        r = self.rng
        if denial_of is None and kind is None and self.events and r.random() < 0.03:
            denial_of = r.choice(self.events[-60:])
            if denial_of.get("denies"):
                denial_of = None
        if denial_of is not None:
            kind = "denial"
            speaker = denial_of["actors"][0][0]
            actors = [(speaker, "speaker")]
            places = [denial_of["places"][0]]
            spec = dict(clause=[f"{{speaker}} نفى أي علاقة له بـ{KINDS[denial_of['kind']]['noun']} في {{location}}، "
                                "واصفاً ما تردد {when} بأنه عارٍ عن الصحة"])
            places = [(places[0][0], "location")]
        else:
            kind = kind or KIND_IDS[bisect_right(KIND_CUM, r.random() * KIND_CUM[-1])]
            spec = KINDS[kind]
            actors = self.choose_actors(spec["actors"])
            places = self.choose_places(spec["places"])
        span, d = self.make_date(latest)
        summary = self.fill(r.choice(spec["clause"]), actors, places, "", True).rstrip("،") + "."
        summary = re.sub(r" ([،.])", r"\1", summary)
        main = actors[0][0]
        event_id = f"{kind}-{main[:48].rstrip('-')}-{seq + 1}"
        event = dict(id=event_id, kind=kind, span=span, title=self.title(kind, actors, places), summary=summary,
                     actors=actors, places=places, reports=[], denies=[denial_of["id"]] if denial_of else [],
                     related=[], dispute=None)
        disputed = denial_of is None and spec.get("fig") == "killed" and len(chosen) >= 2 and r.random() < 0.12
        if disputed:
            event["dispute"] = f"كم عدد القتلى في {spec['noun']} على {self.places[places[0][0]]['name']}؟"
        fig_unit = spec.get("fig")
        base_value = r.randint(*UNIT_RANGES[fig_unit]) if fig_unit else None
        for j, art_index in enumerate(chosen):
            art = self.articles[art_index]
            stance = "asserts"
            clause = r.choice(spec["clause"])
            if denial_of is None and j > 0 and not disputed and r.random() < 0.04:
                stance = "denies"
                clause = f"{{{spec['actors'][0]}}} نفى {spec['noun']} في {{{spec['places'][0]}}} {{when}}، مؤكداً أن ما نُشر غير صحيح"
            body = self.fill(clause, actors, places, date_phrase(span, d), False)
            via, intro = self.attribution(art, main)
            sentence = intro + body
            figures, account = [], None
            if fig_unit and stance == "asserts" and (disputed or r.random() < 0.35):
                value = base_value if not disputed else max(1, base_value + r.randint(-base_value // 2, base_value) + j)
                approximate = r.random() < 0.2
                word = "نحو " if approximate else ""
                sentence += f"، وذلك بحسب حصيلة تشير إلى {word}{value} {UNIT_WORDS[fig_unit]}"
                figures.append(dict(value=value, unit=fig_unit, approximate=True if approximate else None))
                if disputed:
                    account = f"حصيلة من {value} قتيلاً"
            sentence = sentence.rstrip("،") + "."
            if art["digits"]:
                sentence = sentence.translate(ARABIC_DIGITS)
            art["sentences"].append((d, sentence))
            if art["dateline_place"] is None:
                art["dateline_place"] = places[0][0]
            event["reports"].append(dict(article=art["id"], quote=sentence, stance=stance, via=via,
                                         figures=figures, account=account))
        if disputed and sum(1 for rep in event["reports"] if rep["account"]) < 2:
            event["dispute"] = None
            for rep in event["reports"]:
                rep["account"] = None
        if denial_of is None and self.events and r.random() < 0.05:
            other = r.choice(self.events[-30:])
            event["related"].append(other["id"])
        if r.random() < 0.02:
            event["note"] = "التاريخ محسوب من سطر التاريخ في المقال (عبارة «أمس»)."
        return event

    def attribution(self, art: dict, main_actor: str) -> tuple[list, str]:
        r = self.rng
        x = r.random()
        if x < 0.45:
            return [], r.choice(("", "وأفادت المعلومات بأن ", "وبحسب معلومات خاصة، "))
        if x < 0.70:
            agency = r.choice(self.agencies)
            if agency not in art["relays"]:
                art["relays"].append(agency)
            name = self.actors[agency]["name"]
            if r.random() < 0.5:
                desc, count = r.choice(DESCRIPTION_SOURCES)
                return [agency, dict(description=desc, count=count)], f"ونقلت {name} عن {desc} أن "
            return [agency], f"ونقلت {name} أن "
        if x < 0.88:
            desc, count = r.choice(DESCRIPTION_SOURCES)
            return [dict(description=desc, count=count)], f"وقال {desc} إن "
        affiliation = main_actor if self.actors[main_actor]["kind"] != "person" else self.pick_actor()
        desc = f"مسؤول في {self.actors[affiliation]['name']}"
        return [dict(description=desc, actor=affiliation)], f"وقال {desc} إن "

    # output -----------------------------------------------------------------------------------

    def generate(self) -> None:
        self.make_actors()
        self.make_places()
        self.make_articles()
        self.make_events()

    def article_text(self, art: dict) -> tuple[str, str]:
        r = self.rng
        sentences = [s for _, s in sorted(art["sentences"], key=lambda x: x[0])]
        first = art["sentences"][0][1] if art["sentences"] else FILLERS[0]
        title = re.sub(r"^(و?نقلت [^،]*? أن |وقال .*? إن |وأفادت المعلومات بأن |وبحسب معلومات خاصة، )", "",
                       first).rstrip(".")
        title = " ".join(title.split()[:14])
        place = self.places[art["dateline_place"]]["name"] if art["dateline_place"] else "بيروت"
        d = art["day"]
        outlet = self.actors[art["outlet"]]["name"] if art["outlet"] else "وكالات"
        lines = [title] if not art["title_supplied"] else []
        if not art["unknown_date"]:
            lines.append(f"{place} - {d.day} {GULF_MONTHS[d.month - 1]} {d.year} ({outlet})")
        paragraph: list[str] = []
        for s in sentences:
            paragraph.append(s)
            if r.random() < 0.35:
                paragraph.append(r.choice(FILLERS))
            if len(paragraph) >= 3 or r.random() < 0.4:
                lines.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            lines.append(" ".join(paragraph))
        text = "\n".join(lines) + "\n"
        if art["digits"]:
            text = text.translate(ARABIC_DIGITS)
        return title, text

    def write(self, out: Path) -> dict:
        data = out / "data"
        for folder in ("articles", "actors", "places", "events", "vocab"):
            shutil.rmtree(data / folder, ignore_errors=True)
            (data / folder).mkdir(parents=True)
        for name in sorted(os.listdir(ROOT / "data" / "vocab")):
            shutil.copyfile(ROOT / "data" / "vocab" / name, data / "vocab" / name)
        for a in self.actors.values():
            write_text(data / "actors" / f"{a['id']}.yaml", actor_yaml(a))
        for p in self.places.values():
            write_text(data / "places" / f"{p['id']}.yaml", place_yaml(p))
        for art in self.articles:
            title, text = self.article_text(art)
            write_text(data / "articles" / f"{art['id']}.txt", text)
            write_text(data / "articles" / f"{art['id']}.yaml", article_yaml(art, title))
        for e in self.events:
            write_text(data / "events" / f"{e['id']}.yaml", event_yaml(e))
        return self.manifest()

    def manifest(self) -> dict:
        actor_counts: dict[str, int] = {}
        place_counts: dict[str, int] = {}
        for e in self.events:
            for a, _ in e["actors"]:
                actor_counts[a] = actor_counts.get(a, 0) + 1
            for p, _ in e["places"]:
                place_counts[p] = place_counts.get(p, 0) + 1
        top_actors = sorted(actor_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:40]
        top_places = sorted(place_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:40]
        # the search query: the most frequent actor with an Arabic proper name (not a country)
        query_actor = next((a for a, _ in top_actors if self.actors[a]["kind"] not in ("state",)), top_actors[0][0])
        return dict(
            articles=len(self.articles), events=len(self.events), actors=len(self.actors), places=len(self.places),
            reports=sum(len(e["reports"]) for e in self.events),
            denial_events=sum(1 for e in self.events if e["denies"]),
            denying_reports=sum(1 for e in self.events for r in e["reports"] if r["stance"] == "denies"),
            disputes=sum(1 for e in self.events if e["dispute"]),
            search_query=self.actors[query_actor]["name"], search_actor=query_actor,
            top_actors=[dict(id=a, name=self.actors[a]["name"], kind=self.actors[a]["kind"], events=c,
                             aliases=self.actors[a]["aliases"]) for a, c in top_actors],
            top_places=[dict(id=p, name=self.places[p]["name"], kind=self.places[p]["kind"], events=c,
                             aliases=self.places[p]["aliases"]) for p, c in top_places],
            outlets=self.outlets, agencies=self.agencies,
            media_names={m: self.actors[m]["name"] for m in self.outlets + self.agencies},
            last_published=max(a["day"] for a in self.articles).isoformat() if self.articles else None,
        )


# --- YAML writers (hand-rolled: fast, stable, and every value quoted safely) ----------------

def write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def actor_yaml(a: dict) -> str:
    lines = [f"id: {a['id']}", f"name: {q(a['name'])}"]
    if a.get("latin"):
        lines.append(f"latin: {q(a['latin'])}")
    if a["aliases"]:
        lines.append(f"aliases: {flow_list(a['aliases'])}")
    lines.append(f"kind: {a['kind']}")
    if a["part_of"]:
        lines.append(f"part_of: {flow_list(a['part_of'])}")
    if a["member_of"]:
        lines.append(f"member_of: {flow_list(a['member_of'])}")
    if a.get("possibly_same_as"):
        lines.append("possibly_same_as:")
        lines += [f"  - {flow(p)}" for p in a["possibly_same_as"]]
    if a.get("description"):
        lines.append(f"description: {q(a['description'])}")
    return "\n".join(lines) + "\n"


def place_yaml(p: dict) -> str:
    lines = [f"id: {p['id']}", f"name: {q(p['name'])}"]
    if p.get("latin"):
        lines.append(f"latin: {q(p['latin'])}")
    if p["aliases"]:
        lines.append(f"aliases: {flow_list(p['aliases'])}")
    lines.append(f"kind: {p['kind']}")
    if p["within"]:
        lines.append(f"within: {flow_list(p['within'])}")
    if p.get("coordinates"):
        lines.append(f"coordinates: {flow(p['coordinates'])}")
    if p.get("description"):
        lines.append(f"description: {q(p['description'])}")
    return "\n".join(lines) + "\n"


def article_yaml(art: dict, title: str) -> str:
    lines = [f"id: {art['id']}", f"title: {q(title)}"]
    if art["title_supplied"]:
        lines.append("title_supplied: true")
    if art["outlet"]:
        lines.append(f"outlet: {art['outlet']}")
    else:
        lines += ["outlet: unknown", f"outlet_note: {q('النص بلا توقيع ولا اسم وسيلة؛ مصدره غير معروف.')}"]
    if art["unknown_date"]:
        lines += ["published: unknown", f"published_note: {q('لا يطبع المقال تاريخ نشر ولا سطر تاريخ.')}"]
    else:
        lines.append(f"published: {q(art['day'].isoformat())}")
        if art["time"]:
            lines.append(f"published_time: {q(art['time'])}")
    if art["url"]:
        lines.append(f"url: {q(art['url'])}")
    if art["author"]:
        lines.append(f"author: {q(art['author'])}")
    lines.append("language: ar")
    lines.append(f"relays: {flow_list(art['relays'])}")
    if art["title_supplied"]:
        lines.append(f"note: {q('النص بلا عنوان؛ العنوان من وضع المحرر.')}")
    return "\n".join(lines) + "\n"


def event_yaml(e: dict) -> str:
    span = e["span"]
    date_fields = {k: span.get(k) for k in ("value", "time", "utc_offset", "part", "approximate", "label")}
    date_text = q(span["value"]) if all(v is None for k, v in date_fields.items() if k != "value") else flow(date_fields)
    lines = [f"id: {e['id']}", f"kind: {e['kind']}", f"date: {date_text}", f"title: {q(e['title'])}",
             f"summary: {q(e['summary'])}", "actors:"]
    lines += [f"  - {{actor: {a}, role: {role}}}" for a, role in e["actors"]]
    lines.append("places:")
    lines += [f"  - {p}" if role == "location" else f"  - {{place: {p}, role: {role}}}" for p, role in e["places"]]
    lines.append("reports:")
    for r in e["reports"]:
        lines += [f"  - article: {r['article']}", f"    quote: {q(r['quote'])}", f"    stance: {r['stance']}"]
        if r["via"]:
            lines.append("    via:")
            lines += [f"      - {v if isinstance(v, str) else flow(v)}" for v in r["via"]]
        if r["figures"]:
            lines.append("    figures:")
            lines += [f"      - {flow(f)}" for f in r["figures"]]
        if r["account"]:
            lines.append(f"    account: {q(r['account'])}")
    if e["denies"]:
        lines.append(f"denies: {flow_list(e['denies'])}")
    if e["dispute"]:
        lines.append(f"dispute: {flow(dict(question=e['dispute']))}")
    if e["related"]:
        lines.append(f"related: {flow_list(e['related'])}")
    if e.get("note"):
        lines.append(f"note: {q(e['note'])}")
    return "\n".join(lines) + "\n"


# --- entry points ----------------------------------------------------------------------------

def generate(n: int, out: Path) -> dict:
    """Write the corpus for N articles into out/data; return the manifest (also written)."""
    out = Path(out)
    corpus = Corpus(n)
    corpus.generate()
    manifest = corpus.write(out)
    write_text(out / "bench-manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return manifest


def scaffold(out: Path) -> None:
    """Copy what a build needs beside data/ (as tests/conftest.py does), leaving data/ alone."""
    out = Path(out)
    for folder in ("templates", "hooks", "overrides"):
        shutil.rmtree(out / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, out / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (out / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs" / "about.md", out / "docs" / "about.md")
    shutil.rmtree(out / "docs" / "assets", ignore_errors=True)
    shutil.copytree(ROOT / "docs" / "assets", out / "docs" / "assets")
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")


def added_tag(serial: int) -> str:
    return "new" if serial == 0 else f"new{serial + 1}"


def added_article_id(manifest: dict, serial: int) -> str:
    """The id of the article `add_article(…, serial=serial)` writes."""
    return f"{manifest['outlets'][0]}-{manifest['last_published']}-{added_tag(serial)}-{manifest['articles']:05d}"


def add_article(root: Path, manifest: dict, events: int = 10, serial: int = 0) -> dict:
    """Add one new article whose `events` new events reuse the corpus's frequent actors and places.

    Deterministic (seeded by the corpus size and `serial`); returns what was added (ids, files).
    `serial` 0 is the article every benchmark run adds first; 1, 2, … are further, different ones
    (a rebuild after a rebuild: what a curator adding articles one by one waits for).
    """
    root = Path(root)
    n = manifest["articles"]
    c = Corpus(n)
    c.rng = random.Random(seed_for(n) ^ 0x5EED ^ serial)
    tag = added_tag(serial)
    for a in manifest["top_actors"]:
        c.actors[a["id"]] = dict(id=a["id"], name=a["name"], kind=a["kind"], aliases=a["aliases"])
    for p in manifest["top_places"]:
        c.places[p["id"]] = dict(id=p["id"], name=p["name"], kind=p["kind"], aliases=p["aliases"])
    c.actor_order = [a["id"] for a in manifest["top_actors"]]
    c.actor_cum = list(accumulate(1.0 / (i + 1) for i in range(len(c.actor_order))))
    c.place_order = [p["id"] for p in manifest["top_places"]]
    c.place_cum = list(accumulate(1.0 / (i + 1) for i in range(len(c.place_order))))
    c.agencies = list(manifest["agencies"])
    for media, name in manifest["media_names"].items():
        c.actors.setdefault(media, dict(id=media, name=name, kind="news-agency", aliases=[]))
    outlet = manifest["outlets"][0]
    day = date.fromisoformat(manifest["last_published"])
    art = dict(id=added_article_id(manifest, serial), day=day, outlet=outlet, unknown_date=False,
               time="12:00", url=None, author=None, title_supplied=False, digits=False, relays=[],
               sentences=[], dateline_place=None)
    c.articles = [art]
    kinds = [k for k in KIND_IDS]
    added = []
    for i in range(events):
        event = c.make_event(900000 + i, day, [0], kind=kinds[i % len(kinds)])
        event["id"] = f"{tag}-{event['id']}"
        event["related"] = []
        c.events.append(event)
        added.append(event["id"])
    title, text = c.article_text(art)
    data = root / "data"
    write_text(data / "articles" / f"{art['id']}.txt", text)
    write_text(data / "articles" / f"{art['id']}.yaml", article_yaml(art, title))
    for e in c.events:
        write_text(data / "events" / f"{e['id']}.yaml", event_yaml(e))
    return dict(article=art["id"], events=added)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="number of articles (N)")
    parser.add_argument("--out", type=Path, required=True, help="project folder to write data/ into")
    parser.add_argument("--project", action="store_true",
                        help="also copy templates, hooks, overrides, mkdocs.yml and docs/ assets (a buildable project)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    import time

    started = time.perf_counter()
    manifest = generate(args.articles, args.out)
    if args.project:
        scaffold(args.out)
    print(f"synthetic: {manifest['articles']} articles, {manifest['events']} events, {manifest['reports']} reports, "
          f"{manifest['actors']} actors, {manifest['places']} places into {args.out} "
          f"in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
