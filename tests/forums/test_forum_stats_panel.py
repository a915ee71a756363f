"""Forum figures for charts (heard vs acted per month, themes, forum dates) and the dashboard panel."""

from datetime import date

import pytest

from services.core import clock
from services.core.errors import AccessDenied
from services.forums import actions, items, stats
from tests.apptest import ROOT, as_user, texts
from tests.forums.conftest import grid_row
from tests.satisfaction.factories import responses, same


def _items_and_one_done(session, forums):
    items.save_grid(session, forums["organizer"], forums.forum_id,
                    [grid_row(), grid_row(text="Jalan rusak sekali", tags="jalan", unit=None)])  # fmt: skip
    first = items.list_items(session, forums["organizer"], forums.forum_id)[0]
    data = {"title": "Cetak KTP-el", "owner_unit_id": forums.units["WGR-DUKCAPIL"].id, "due_on": clock.today(),
            "status": "done"}  # fmt: skip
    actions.add_action(session, forums["organizer"], first.id, data)
    session.commit()


def test_forum_stats_count_heard_acted_and_done_per_month(session, forums):
    _items_and_one_done(session, forums)
    start, end = date(2025, 1, 1), clock.today()
    frame = stats.heard_and_acted(session, forums["manager"], start, end)
    assert frame.to_dict("records") == [{"code": "2026-01", "heard": 2, "acted": 1, "done": 1, "share": 0.5}]
    themes = stats.themes_over_time(session, forums["manager"], start, end, "quarter")
    assert set(themes["theme"]) == {"adminduk", "ktp-el", "jalan"} and set(themes["area"]) == {"Kampung Bumi Raya"}
    dates = stats.forum_dates(session, forums["manager"], start, end, unit_id=forums.units["WGR-DUKCAPIL"].id)
    assert list(dates["title"]) == ["Wanggar Mendengarkan di Bumi Raya"]
    assert stats.heard_and_acted(session, forums["manager.swl"], start, end).empty  # another district's
    with pytest.raises(AccessDenied):
        stats.heard_and_acted(session, forums["manager.swl"], start, end, district_id=forums.wgr.id)


def test_forum_panel_draws_on_the_dashboard(session, forums, monkeypatch):
    _items_and_one_done(session, forums)
    responses(session, forums.units["WGR-DUKCAPIL"].id, date(2026, 1, 10), same(3, 5))
    session.commit()
    from services.core.modules import resolve
    from ui import dashboard

    monkeypatch.setattr(dashboard, "panels", lambda: [("panel.forums", resolve("ui.forums.panel:render"))])
    at = as_user("manager")
    at.switch_page(str(ROOT / "pages/satisfaction/dashboard.py"))
    at.query_params["district"] = "WGR"
    at.query_params["step"] = "month"
    at.run()
    assert not at.exception, at.exception
    shown = texts(at).replace("\xa0", " ")
    assert "1 forum · 2 masukan · 50 % ditindaklanjuti" in shown
    assert "Garis putus-putus hijau: bulan saat forum diadakan." in shown  # the IKM trend with forum dates
