"""Demo: every person's file (人事档案) with made-up identities, a custom field, one pending change request.

Resident ID numbers are invented: a real district code, a birth date, a sequence whose parity gives
the gender, and the check digit computed as the standard says (so they validate, and belong to no
one we know of). Bank accounts and addresses are invented the same way. Deterministic (fixed seed).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from chalicelib.people.idnumbers import check_char
from local.demo import Demo, Step
from local.demo.org import _parallel

SEED = 20261207
DISTRICTS = [
    ("110105", "北京市朝阳区", ["建国路", "朝阳北路", "望京街"]),
    ("310104", "上海市徐汇区", ["漕溪北路", "肇嘉浜路", "天钥桥路"]),
    ("440305", "深圳市南山区", ["科技南路", "海德三道", "后海大道"]),
    ("330106", "杭州市西湖区", ["文三路", "教工路", "天目山路"]),
    ("510107", "成都市武侯区", ["天府大道", "科华北路", "武侯祠大街"]),
    ("420106", "武汉市武昌区", ["中北路", "中南路", "徐东大街"]),
]
BANKS = [("招商银行", "622588"), ("中国工商银行", "622202"), ("中国建设银行", "621700"), ("中国银行", "621661")]
EDUCATION = ["associate", "bachelor", "bachelor", "bachelor", "master", "master", "doctorate", "high_school"]
RELATIONS = ["父亲", "母亲", "配偶", "兄弟", "姐妹"]
GIVEN = ["明", "华", "芳", "伟", "静", "磊", "敏", "军", "丽", "强"]


def resident_id(rng: random.Random, district: str, born: date, female: bool) -> str:
    sequence = rng.randrange(0, 500) * 2 + (0 if female else 1)
    first17 = f"{district}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def file_for(rng: random.Random, person: dict[str, Any]) -> dict[str, Any]:
    district, city, streets = rng.choice(DISTRICTS)
    born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 32))
    female = rng.random() < 0.45
    bank, prefix = rng.choice(BANKS)
    start = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 365 * 11))
    working = max(0.0, round((start - born).days / 365 - 22 - rng.random() * 2, 1))
    body: dict[str, Any] = {
        "legal_name": person["name"],
        "id_type": "resident_id",
        "id_number": resident_id(rng, district, born, female),
        "phone": f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}",
        "address": f"{city}{rng.choice(streets)} {rng.randrange(1, 300)} 号 {rng.randrange(1, 30)} 栋"
                   f" {rng.randrange(101, 2999)} 室",
        "hukou_type": "urban" if rng.random() < 0.7 else "rural",
        "education": rng.choice(EDUCATION),
        "emergency_contact": {"name": person["name"][0] + rng.choice(GIVEN), "relation": rng.choice(RELATIONS),
                              "phone": f"13{rng.randrange(0, 10**9):09d}"},
        "bank_name": bank,
        "bank_account": prefix + f"{rng.randrange(0, 10**13):013d}",
        "start_date": start.isoformat(),
        "prior_working_years": min(working, 40.0),
        "employment_type": "intern" if rng.random() < 0.04 else "full_time",
    }
    return body


def run(demo: Demo) -> str:
    admin = demo.as_("admin")
    rng = random.Random(SEED)
    people = sorted(admin.items("/org/people"), key=lambda p: p["employee_no"] or "")
    field = admin.post("/people/fields", {"label_zh": "工服尺码", "label_en": "Uniform size", "type": "choice",
                                          "choices": ["S", "M", "L", "XL", "XXL"], "visible_to": ["self"]})
    bodies = [(p, {**file_for(rng, p), "custom": {field["field_id"]: rng.choice(["S", "M", "L", "XL"])}})
              for p in people]
    _parallel(lambda pair: admin.put(f"/people/{pair[0]['person_id']}/file", pair[1]), bodies)
    seller = demo.person_id("seller")
    demo.as_("employee").post(f"/people/{seller}/file/changes", {
        "changes": {"phone": "13912345678", "address": "上海市徐汇区漕溪北路 88 号 2 栋 1203 室"},
        "note": "搬家了，手机号也换了"})
    return f"{len(bodies)} files (made-up ID numbers with valid check digits), 1 custom field, 1 pending change"


STEP = Step("people", ("PUT /people/{person_id}/file", "POST /people/{person_id}/file/changes"), run)
