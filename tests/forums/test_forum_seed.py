"""The forum demo seed: deterministic, idempotent, and telling the stories the pages show."""

from sqlmodel import func, select

from models.complaints import Complaint
from models.forums import FeedbackItem, FollowUpAction, Forum
from seed.complaints import seed_complaints
from seed.core import seed_core
from seed.forums import seed_forums
from services.core import accounts
from services.forums import home, public


def test_forum_seed_tells_the_stories_and_runs_twice_without_change(session, today):
    seed_core(session)
    session.commit()
    seed_complaints(session)
    session.commit()
    first = seed_forums(session)
    assert first["forums"] > 50 and first["items"] > 200 and first["linked_complaints"] > 0
    again = seed_forums(session)
    assert again == {"forums": 0, "items": 0, "actions": 0, "linked_complaints": 0}
    titles = session.exec(select(Forum.title).where(Forum.type == "outreach")).all()
    assert any(t.startswith("Wanggar Mendengarkan") for t in titles)
    statuses = dict(session.exec(select(FollowUpAction.status, func.count()).group_by(FollowUpAction.status)).all())
    assert {"done", "not_possible", "in_progress"} <= set(statuses)
    linked = session.exec(
        select(Complaint.external_ref).join(FeedbackItem, FeedbackItem.complaint_id == Complaint.id)
    ).all()
    assert any((ref or "").startswith("FORUM-") for ref in linked)
    organizer = accounts.actor_for(session, "organizer", float("inf"))  # Walesi's organizer
    assert home.home_attention(session, organizer)[0].count > 0  # some overdue actions
    assert public.district_report(session, "WLS").items > 0
    assert session.exec(select(func.count()).select_from(Forum).where(Forum.status == "planned")).one() > 0
