"""The forums' part of the scale build: 50,000 items heard at community forums over three years,
most with the follow-up action a unit owes, in the demo's words and proportions per district.

Forums meet on working days in the district's forum areas; each held forum hears four to nine
items, tagged with their themes; an item goes to a unit of the kind it concerns (the demo's units
and the generated ones alike). Actions long past due are mostly done, some not possible (with the
public reason), a few overdue; recent ones are planned or under way.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from models.core.accounts import User, UserRole
from models.forums import VULNERABLE_GROUPS, FeedbackItem, FollowUpAction, Forum, ForumArea, ItemTag
from seed.forums import DONE_NOTES, HEARD, MIX, NOT_POSSIBLE, PLAN, _action_title
from seed.scale.bulk import Build
from services.forums.records import tag_ids

CITY_ITEMS = 50_000
DAYS_BACK = 3 * 365
AGENDA = "1. Pembukaan\n2. Penjelasan layanan\n3. Dengar pendapat warga\n4. Kesepakatan tindak lanjut"


def build(b: Build) -> dict[str, int]:
    session = b.session
    themes = sorted({t.strip() for group in HEARD.values() for h in group for t in h[2].split(",")})
    tag_of = dict(zip(themes, tag_ids(session, themes), strict=True))
    session.flush()
    organizers = dict(
        session.exec(
            select(User.district_id, User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "organizer")
            .order_by(User.id.desc())
        ).all()
    )
    areas: dict[int, list[tuple[int, str]]] = {}
    for area_id, district_id, name in session.exec(
        select(ForumArea.id, ForumArea.district_id, ForumArea.name).order_by(ForumArea.id)
    ):
        areas.setdefault(district_id, []).append((area_id, name))
    districts = sorted({(u.district_id, u.district_code) for u in b.units if u.district_code in PLAN})
    total = b.count(CITY_ITEMS)
    per_district = [total // len(districts) + (1 if i < total % len(districts) else 0) for i in range(len(districts))]
    forum_id, item_id, action_id = (b.next_id(t.__table__) for t in (Forum, FeedbackItem, FollowUpAction))
    forums, items, tags, actions = [], [], [], []
    for (district_id, code), wanted in zip(districts, per_district, strict=True):
        if district_id not in areas:
            continue
        rng = b.rng(f"forums-{code}")
        units = [u for u in b.units if u.district_id == district_id]
        kind, pattern, _ = PLAN[code]
        organizer = organizers.get(district_id)
        heard = 0
        # Forums of the three years, spread evenly, until the district's share of items is heard.
        gap = max(1.0, DAYS_BACK / max(1, wanted / 6.5))
        step = 0.0
        while heard < wanted:
            step += gap * rng.uniform(0.6, 1.4)
            held_on = min(b.today, b.today - timedelta(days=DAYS_BACK) + timedelta(days=int(step)))
            while held_on.weekday() >= 5:
                held_on -= timedelta(days=1)
            area_id, area = rng.choice(areas[district_id])
            total_people = rng.randint(15, 80)
            women = rng.randint(total_people // 4, total_people // 2)
            stamp = datetime.combine(held_on, time(9, 0), tzinfo=UTC)
            forums.append({
                "id": forum_id, "district_id": district_id, "area_id": area_id,
                "type": kind if rng.random() < 0.75 else rng.choice(["forum_diskusi", "musyawarah", "focus_group"]),
                "status": "held", "title": pattern.format(area=area), "held_on": held_on,
                "start_time": time(rng.choice([9, 10, 13]), 0), "end_time": time(rng.choice([14, 15, 16]), 0),
                "venue": f"Balai {area}", "online_link": None, "organizers": f"Tim {code}",
                "partner_unit_ids": sorted({rng.choice(units).id for _ in range(2)}), "agenda": AGENDA,
                "attendance_total": total_people, "attendance_women": women,
                "attendance_men": total_people - women - rng.randint(0, 3),
                "vulnerable_groups": rng.sample(list(VULNERABLE_GROUPS), rng.randint(1, 3)),
                "minutes": f"Notulen pertemuan warga {area}. Masukan dicatat dan diteruskan ke unit terkait.",
                "created_by": organizer, "created_at": stamp, "updated_at": stamp, "version": 1,
            })  # fmt: skip
            for _ in range(min(rng.randint(4, 9), wanted - heard)):
                _item(b, rng, code, forum_id, item_id, action_id, held_on, area, units, organizer, tag_of,
                      items, tags, actions)  # fmt: skip
                item_id += 1
                if actions and actions[-1]["id"] == action_id:
                    action_id += 1
                heard += 1
            forum_id += 1
    b.insert(Forum.__table__, forums)
    b.insert(FeedbackItem.__table__, items)
    b.insert(ItemTag.__table__, tags)
    b.insert(FollowUpAction.__table__, actions)
    b.stage("forums, items, tags, actions", len(items), f"{len(forums):,} forums, {len(actions):,} actions")
    return {"forums": len(forums), "forum_items": len(items), "forum_actions": len(actions)}


def _item(b, rng, code, forum_id, item_id, action_id, held_on, area, units, organizer, tag_of, items, tags, actions):
    group = rng.choices(list(MIX[code]), weights=list(MIX[code].values()))[0]
    kind, text, themes, unit_kind, service = rng.choice(HEARD[group])
    pool = [u for u in units if u.kind == unit_kind] or [u for u in units if u.kind in ("kantor", "kelurahan")]
    unit = rng.choice(pool or units)
    stamp = datetime.combine(held_on, time(15, 0), tzinfo=UTC)
    items.append({
        "id": item_id, "forum_id": forum_id, "kind": kind, "text": text.format(area=area), "unit_id": unit.id,
        "service": service, "priority": rng.choices(["low", "medium", "high"], weights=[2, 5, 3])[0],
        "complaint_id": None, "created_by": organizer, "created_at": stamp, "updated_at": stamp, "version": 0,
    })  # fmt: skip
    tags += [{"item_id": item_id, "tag_id": tag_of[t.strip()]} for t in dict.fromkeys(themes.split(","))]
    if kind == "apresiasi" or rng.random() < 0.2:
        return  # nothing to do, or not yet assigned
    today = b.today
    due = held_on + timedelta(days=rng.choice([30, 45, 60, 90]))
    status, progress, reason, note, done_on = "planned", 0, None, None, None
    if due < today:
        roll = rng.random()
        if roll < 0.7:
            status, progress = "done", 100
            done_on = min(today, due - timedelta(days=rng.randint(0, 20)))
            note = rng.choice(DONE_NOTES).format(unit=unit.code, area=area)
        elif roll < 0.85:
            status, reason = "not_possible", rng.choice(NOT_POSSIBLE)
            note = reason
        else:
            status, progress = "in_progress", rng.choice([20, 40, 60])  # overdue
    elif held_on < today - timedelta(days=14):
        status, progress = "in_progress", rng.choice([10, 30, 50])
    changed = datetime.combine(done_on or held_on, time(10, 0), tzinfo=UTC)
    actions.append({
        "id": action_id, "item_id": item_id, "owner_unit_id": unit.id, "title": _action_title(kind, service),
        "due_on": due, "status": status, "reason": reason, "progress": progress, "public_note": note,
        "internal_note": "Koordinasi dengan kepala unit." if rng.random() < 0.3 else None, "done_on": done_on,
        "evidence_name": None, "evidence_stored": None, "evidence_mime": None, "created_by": organizer,
        "created_at": stamp, "updated_at": changed, "version": 0 if status == "planned" else 1,
    })  # fmt: skip
