"""Text from users stays text, in every module, in a real browser.

The demo installation of every module is seeded, then every free-text column the app stores (names of
units, staff, areas, tags, topics; complaint titles, descriptions, timeline notes; forum titles,
minutes, what was heard and the follow-up notes; survey suggestions; programme and cohort names;
certificate texts; templates, holidays, kiosk labels, IKM plans) is overwritten with three attacks:
an image tag with an onerror handler, a script tag and a Markdown link to `javascript:`. Validation
does not alter such text (the officer and the organizer type them into their forms in the browser
too), so this is what the app would hold after a year of careless or hostile typing.

Then each role opens every page it may open, and citizens open the public pages (status with the
receipt's PIN, the forum results, the certificate check, the kiosk), with a dialog handler that
records any `alert()`: none may fire, no page may hold an `<img src=x>`, a `javascript:` link or a
script carrying the attack, and where the text is shown it is shown as typed. The exports and PDFs
(complaint list, receipt, "you said, we did", certificate) carry it as plain text too."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import String, text
from sqlmodel import Session, SQLModel, select

from services import registry
from tests.browser.conftest import serve
from tests.browser.helpers import heading, logged_in, login, logout, open_app, settle
from tests.dbutil import fresh_database
from tests.pdfs import pdf_text

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
LINK = "[x](javascript:alert(3))"
ATTACK = f"{IMG} {SCRIPT} {LINK}"
PIN = "424242"

# Every free-text column a user or an administrator types (codes, states, hashes, phone numbers,
# e-mail addresses and file names on disk are validated or never typed, and are left alone).
TEXTS: dict[str, tuple[str, ...]] = {
    "district": ("name",),
    "unit": ("name",),
    "unit_service": ("name",),
    "staff": ("name", "position"),
    "user_account": ("full_name",),
    "forum_area": ("name",),
    "forum_tag": ("name",),
    "training_topic": ("name",),
    "training_organiser": ("name",),
    "training_programme": ("title", "description"),
    "training_cohort": ("name", "facilitator"),
    "training_session": ("venue",),
    "training_external": ("title", "organiser"),
    "training_nomination": ("reason",),
    "training_award": ("reason",),
    "training_certificate": ("staff_name", "programme_title", "organiser"),
    "complaint": ("title", "description", "area", "complainant_name"),
    "complaint_event": ("note", "actor_name"),
    "complaint_attachment": ("original_name",),
    "forum": ("title", "venue", "organizers", "agenda", "minutes"),
    "feedback_item": ("text", "service"),
    "follow_up_action": ("title", "reason", "public_note", "internal_note"),
    "forum_participant": ("name", "community"),
    "survey_response": ("suggestion",),
    "response_template": ("title", "body"),
    "holiday_override": ("name",),
    "kiosk_link": ("label",),
    "ikm_follow_up": ("plan",),
    "audit_log": ("note",),
}

# What the browser may hold only if an attack became markup.
ACTIVE = """() => {
  const found = [];
  for (const img of document.querySelectorAll('img')) {
    if (img.getAttribute('src') === 'x' || img.hasAttribute('onerror')) found.push(img.outerHTML);
  }
  for (const a of document.querySelectorAll('a')) {
    // A javascript: link, or the link Markdown made of the attack (the renderer may empty its href).
    const href = (a.getAttribute('href') || '').trim().toLowerCase();
    if (href.startsWith('javascript') || a.textContent.trim() === 'x') found.push(a.outerHTML);
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('alert(2)')) found.push(s.outerHTML);
  }
  return found;
}"""


def _attack_for(length: int | None) -> str:
    """The longest attack that fits a column of `length` characters with its row number after it."""
    for candidate in (ATTACK, IMG, SCRIPT, LINK):
        if length is None or len(candidate) + 8 <= length:
            return candidate
    raise AssertionError(f"no attack fits a column of {length} characters")


def plant(url: str) -> dict[str, int]:
    """Seed the demo of every module, then put an attack into every free-text column (rows keep their
    own number after it, so names that must be unique stay unique). Returns rows changed per table."""
    import models  # noqa: F401  (every table registered)
    from seed import demo
    from services.core import db

    engine = db.make_engine(url)

    @contextmanager
    def unit_of_work():
        with Session(engine) as session:
            yield session
            session.commit()

    demo.run(unit_of_work, log=lambda _line: None)
    changed: dict[str, int] = {}
    tables = SQLModel.metadata.tables
    with engine.begin() as conn:
        for table, columns in TEXTS.items():
            for column in columns:
                col = tables[table].c[column]
                length = col.type.length if isinstance(col.type, String) else None
                result = conn.execute(
                    text(
                        f"UPDATE {table} SET {column} = :attack || ' ' || CAST(id AS VARCHAR(12)) "  # noqa: S608
                        f"WHERE {column} IS NOT NULL AND {column} <> ''"
                    ),
                    {"attack": _attack_for(length)},
                )
                changed[f"{table}.{column}"] = result.rowcount
    engine.dispose()
    return changed


@pytest.fixture(scope="module")
def attacked(tmp_root, browser):
    """A server of its own over the attacked demo database: (base URL, database URL, facts)."""
    with fresh_database(tmp_root, "inert") as url:
        changed = plant(url)
        facts = _facts(url)
        with serve(url, tmp_root / "inert-data", tmp_root / "streamlit-inert.log") as base:
            yield base, url, changed, facts


def _facts(url: str) -> dict:
    """Records to open by address: a complaint of Wanggar, a forum with items, a cohort with a
    certificate, a kiosk link (a fresh token: tokens are kept only as hashes)."""
    from models.complaints import Complaint, ComplaintEvent
    from models.core.org import District, Unit
    from models.forums import FeedbackItem, Forum
    from models.training import Certificate, Cohort, Enrolment
    from services.complaints.status import hash_pin
    from services.core import db
    from services.core.access import system_actor
    from services.satisfaction import kiosk

    engine = db.make_engine(url)
    with Session(engine) as s:
        complaint = s.exec(select(Complaint.tracking_id).order_by(Complaint.id)).first()
        # One with a public reply on its timeline, given a PIN we know (only its hash is kept).
        answered = s.exec(
            select(Complaint)
            .join(ComplaintEvent, ComplaintEvent.complaint_id == Complaint.id)
            .where(ComplaintEvent.public, ComplaintEvent.note.is_not(None))
            .order_by(Complaint.id)
        ).first()
        answered.pin_hash = hash_pin(PIN)
        s.add(answered)
        answered_id = answered.tracking_id
        forum = s.exec(select(FeedbackItem.forum_id).order_by(FeedbackItem.id)).first()
        district = s.exec(
            select(District.code).join(Forum, Forum.district_id == District.id).where(Forum.id == forum)
        ).one()
        cohort = s.exec(
            select(Enrolment.cohort_id)
            .join(Certificate, Certificate.enrolment_id == Enrolment.id)
            .order_by(Certificate.id)
        ).first()
        certificate, number = s.exec(select(Certificate.id, Certificate.number).order_by(Certificate.id)).first()
        unit = s.exec(select(Unit.id).where(Unit.active).order_by(Unit.id)).first()
        _, token = kiosk.issue(s, system_actor("test"), {"unit_id": unit, "label": ATTACK[:70]})
        s.commit()
        assert s.get(Forum, forum) is not None and s.get(Cohort, cohort) is not None
    engine.dispose()
    return {"complaint": complaint, "forum": forum, "district": district, "cohort": cohort, "number": number,
            "certificate": certificate, "token": token,
            "answered": answered_id}  # fmt: skip


def _address(spec, facts: dict) -> str:
    """The page's address, opened on a record where it shows one."""
    query = {
        "complaint": f"?id={facts['complaint']}",
        "forum": f"?id={facts['forum']}",
        "forum-items": f"?forum={facts['forum']}",
        "training-cohort": f"?id={facts['cohort']}",
        "training-attendance": f"?id={facts['cohort']}",
        "training-completion": f"?id={facts['cohort']}",
        "forum-report": f"?district={facts['district']}",
        "verify": f"?no={facts['number']}",
        "kiosk": f"?token={facts['token']}",
    }.get(spec.url_path, "")
    return f"/{spec.url_path}{query}"


def inert(page: Page, alerts: list[str], where: str) -> None:
    """Nothing ran and nothing became markup on the page now on screen."""
    settle(page)
    failure = page.get_by_test_id("stException")
    assert failure.count() == 0, f"{where}: {failure.first.inner_text()[:3000]}"
    assert page.evaluate(ACTIVE) == [], where
    assert alerts == [], f"{where}: a script ran: {alerts}"


SHOWN_TEXT = """() => {
  // The text on the page: visible text, table cells mirrored off screen by the data grid, and the
  // values of inputs (a chosen selectbox option); scripts and styles are not text.
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const tag = n.parentElement && n.parentElement.tagName;
    if (tag !== 'SCRIPT' && tag !== 'STYLE') parts.push(n.nodeValue);
  }
  for (const i of document.querySelectorAll('input, textarea')) parts.push(i.value);
  return parts.join('\\n');
}"""


def shows_as_typed(page: Page, where: str) -> None:
    """The attack is on screen as the characters that were typed (in text, a table cell or a chosen
    option)."""
    shown = page.evaluate(SHOWN_TEXT)
    assert any(a in shown for a in (SCRIPT, IMG, LINK)), f"{where}: the typed text is not shown"


ROLES = {"admin": "admin", "manager": "manager", "officer": "officer", "organizer": "organizer", "trainer": "trainer"}
# Pages that show a record's own text, where the attack must be visible as typed.
SHOWN = {"complaint", "complaints", "forum", "forum-board", "forum-actions", "training-cohort", "training-catalogue",
         "training-ledger", "staff", "units", "reply-templates", "dashboard", "forums"}  # fmt: skip


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_a_role_shows_typed_text_inert(attacked, page, role):
    base, _url, changed, facts = attacked
    assert all(n > 0 for key, n in changed.items() if key in {"complaint.title", "forum.title", "unit.name"}), changed
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    login(page, base, ROLES[role])
    logged_in(page)
    inert(page, alerts, f"{role}: home")
    opened = 0
    for spec in registry.pages():
        if spec.public or not any(r.value == role for r in spec.roles) or spec.url_path == "home":
            continue
        open_app(page, base + _address(spec, facts))
        logged_in(page)
        where = f"{role}: {spec.url_path}"
        inert(page, alerts, where)
        if spec.url_path in SHOWN:
            shows_as_typed(page, where)
        opened += 1
    assert opened >= 3
    logout(page)


def test_citizens_see_typed_text_inert_on_the_public_pages(attacked, page):
    """The officer types the attacks into a new complaint in the browser; the citizen then opens
    the status page with the receipt's PIN, the forum results, the certificate check and the kiosk."""
    base, _url, _changed, facts = attacked
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))

    login(page, base, "officer")
    logged_in(page)
    open_app(page, base + "/complaints-new")
    expect(heading(page, "Catat pengaduan")).to_be_visible()
    box = page.get_by_role("combobox", name="Kategori", exact=True)
    box.click()
    page.get_by_role("option").first.click()
    settle(page)
    page.get_by_role("textbox", name="Ringkasan").fill(ATTACK)
    page.get_by_role("textbox", name="Uraian").fill(f"{ATTACK} sudah tiga bulan belum ada kabar")
    page.get_by_role("textbox", name="Nama").fill(IMG)
    page.get_by_role("textbox", name="Telepon / WhatsApp").fill("0812 3456 7890")
    page.get_by_role("button", name="Simpan laporan").click()
    settle(page)
    saved = page.get_by_text(re.compile(r"Laporan [A-Z]{3}-\d{4}-\d{6} tersimpan\."))
    expect(saved).to_be_visible()
    tracking_id = re.search(r"[A-Z]{3}-\d{4}-\d{6}", saved.inner_text()).group(0)
    pin_metric = page.get_by_test_id("stMetric").filter(has_text="PIN pelapor")
    pin = re.search(r"\d{6}", pin_metric.get_by_test_id("stMetricValue").inner_text()).group(0)
    inert(page, alerts, "intake after saving")
    open_app(page, f"{base}/complaint?id={tracking_id}")
    expect(page.get_by_text(SCRIPT, exact=False).first).to_be_visible()
    inert(page, alerts, "the new complaint")
    logout(page)

    # The citizen's own new complaint (no reply yet), then one answered with the attack as its reply.
    for tid, code, replied in ((tracking_id, pin, False), (facts["answered"], PIN, True)):
        open_app(page, f"{base}/status")
        page.get_by_role("textbox", name="Nomor laporan").fill(tid)
        page.get_by_role("textbox", name="PIN").fill(code)
        page.get_by_role("button", name="Cek status").click()
        settle(page)
        expect(page.get_by_role("heading", name=tid)).to_be_visible()
        if replied:
            expect(page.get_by_text(SCRIPT, exact=False).first).to_be_visible()
        inert(page, alerts, f"status page of {tid}")

    for spec in registry.pages():
        if spec.public and spec.url_path != "status":
            open_app(page, base + _address(spec, facts))
            inert(page, alerts, f"public: {spec.url_path}")
            if spec.url_path in {"forum-report", "verify", "kiosk"}:
                shows_as_typed(page, f"public: {spec.url_path}")


def test_exports_and_pdfs_carry_typed_text_as_plain_text(attacked):
    """The complaint list, a receipt, the forum's 'you said, we did' and a certificate, made by the
    same functions the download buttons call."""
    _base, url, _changed, facts = attacked
    from services.complaints import exports
    from services.complaints.triage import QueueFilter
    from services.core import db
    from services.core.access import system_actor
    from services.forums import report
    from services.training import certificates

    actor = system_actor("test")
    engine = db.make_engine(url)
    with Session(engine) as s:
        header, rows = exports.export_table(s, actor, QueueFilter())
        sheet = load_workbook(io.BytesIO(exports.to_xlsx(header, rows))).active
        cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(v.startswith(ATTACK) for v in cells)
        assert not any(v.startswith("=") for v in cells)

        receipt = pdf_text(exports.receipt_pdf(s, actor, facts["complaint"], "123456", "http://x/status"))
        assert SCRIPT in receipt and LINK in receipt

        name, pdf = report.export(s, actor, "pdf", forum_id=facts["forum"])
        assert name.endswith(".pdf")
        assert IMG in pdf_text(pdf)
        _, xlsx = report.export(s, actor, "xlsx", forum_id=facts["forum"])
        values = [c.value for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
        assert any(isinstance(v, str) and IMG in v for v in values)

        cert = pdf_text(certificates.certificate_pdf(s, actor, facts["certificate"]))
        assert IMG in cert or SCRIPT in cert
    engine.dispose()
