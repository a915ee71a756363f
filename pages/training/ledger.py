"""Buku 20 JP: JP per staff member for a year (certificates plus learning recorded by hand), per
unit the share at or above 20 JP and the year-end forecast from what is booked, who is furthest
below; learning done elsewhere is recorded here; the history exports with the SIASN fields.

The filters live in the URL (`?year=2026&district=1&unit=3&below=1&view=units`), so a link from
the home page, or one a manager shares, opens exactly that view."""

import altair as alt
import pandas as pd
import streamlit as st

from models.training import JP_TARGET
from services import i18n
from services.core import clock, org
from services.training import home, ledger, stats
from services.training.access import READERS, RUNNERS, unit_head
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.training.widgets import competency_labels, form_labels
from ui.widgets import choice, draw_chart, md_escape

me = actor()
st.title(tr("training.ledger.title"))
st.caption(tr("training.ledger.subtitle", target=JP_TARGET))
show_flash()
if not (me.has(*READERS) or unit_head(me)):
    st.info(tr("training.ledger.unit_heads_only"))
    st.stop()
params = st.query_params


def number_param(name: str) -> int | None:
    raw = params.get(name)
    return int(raw) if raw and raw.isdigit() else None


this_year = clock.today().year
years = list(range(this_year, this_year - 5, -1))
districts = {d.id: d.name for d in read(org.list_districts)}
with st.container(horizontal=True, vertical_alignment="bottom"):
    year = st.selectbox(tr("training.f.year"), years, key="tr_l_year",
                        index=years.index(number_param("year")) if number_param("year") in years else 0)  # fmt: skip
    wanted = number_param("district")
    district = choice(tr("common.district"), districts, "tr_l_district", none_label=tr("common.all"),
                      index=[None, *districts].index(wanted) if wanted in districts else 0)  # fmt: skip
    units = {u.id: u.code for u in read(org.list_units, district_id=district)}
    wanted = number_param("unit")
    unit = choice(tr("common.unit"), units, "tr_l_unit", none_label=tr("common.all"),
                  index=[None, *units].index(wanted) if wanted in units else 0)  # fmt: skip
    below = st.toggle(tr("training.ledger.below_only"), value=params.get("below") == "1", key="tr_l_below")
view = st.segmented_control(
    tr("training.ledger.view"), ["staff", "units"], format_func=lambda v: tr(f"training.ledger.view_{v}"),
    default="units" if params.get("view") == "units" else "staff", key="tr_l_view",
) or "staff"  # fmt: skip
wanted_params = {"year": year, "district": district, "unit": unit, "below": "1" if below else None, "view": view}
for name, value in wanted_params.items():
    if value is None or (name == "view" and value == "staff"):
        params.pop(name, None)
    elif params.get(name) != str(value):
        params[name] = str(value)
scope = {"district_id": district, "unit_id": unit}

if view == "units":
    frame = read(ledger.unit_summary, year, **scope)
    if below:  # the units the managers' home item counts: under half will reach 20 JP by the forecast
        frame = frame[frame["forecast_share"] < home.UNIT_SHARE_LOW]
    st.dataframe(
        pd.DataFrame(
            {
                tr("common.unit"): frame["unit_code"],
                tr("training.ledger.staff"): frame["staff"],
                tr("training.ledger.at_target", target=JP_TARGET): [
                    f"{a} ({i18n.fmt_percent(s, lang())})"
                    for a, s in zip(frame["at_target"], frame["share"], strict=True)
                ],
                tr("training.ledger.forecast_at_target"): [
                    f"{a} ({i18n.fmt_percent(s, lang())})"
                    for a, s in zip(frame["forecast_at_target"], frame["forecast_share"], strict=True)
                ],
                tr("training.ledger.furthest_below"): [
                    f"{n} ({i18n.fmt_number(j, lang())} JP)"
                    for n, j in zip(frame["furthest_below"], frame["furthest_jp"], strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    frame = full = read(ledger.ledger, year, **scope)
    if below:
        frame = frame[frame["forecast_jp"] < JP_TARGET]
    reached = int((frame["completed_jp"] >= JP_TARGET).sum())
    cols = st.columns(3)
    cols[0].metric(tr("training.ledger.staff"), i18n.fmt_number(len(frame), lang()))
    cols[1].metric(tr("training.ledger.at_target", target=JP_TARGET), i18n.fmt_number(reached, lang()))
    cols[2].metric(
        tr("training.ledger.forecast_below"), i18n.fmt_number(int((frame["forecast_jp"] < JP_TARGET).sum()), lang())
    )
    st.dataframe(
        pd.DataFrame(
            {
                tr("training.f.name"): frame["name"],
                "NIP": frame["nip"],
                tr("common.unit"): frame["unit_code"],
                tr("training.ledger.completed"): frame["completed_jp"],
                tr("training.ledger.booked"): frame["booked_jp"],
                tr("training.ledger.forecast"): frame["forecast_jp"],
                tr("training.ledger.gap"): frame["gap_jp"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            tr("training.ledger.completed"): st.column_config.ProgressColumn(
                min_value=0, max_value=JP_TARGET, format="%.1f"
            )
        },
    )

# The bands cover the whole district: the staff view of a whole district has just read them.
bands = stats.jp_bands(full) if view == "staff" and unit is None else read(stats.jp_distribution, year, district)
if len(bands) and bands["staff"].sum():
    st.subheader(tr("training.chart.jp_bands"))
    band_order = ["0", "1-9", "10-19", "20+"]
    chart = (
        alt.Chart(bands)
        .mark_bar()
        .encode(
            y=alt.Y("unit_code:N", title=None, sort="ascending"),
            x=alt.X("staff:Q", stack="normalize", title=tr("training.chart.share_of_staff"), axis=alt.Axis(format="%")),
            color=alt.Color("band:N", sort=band_order, title="JP", scale=alt.Scale(scheme="blues")),
            order=alt.Order("band_rank:Q"),
            tooltip=[
                alt.Tooltip("unit_code:N", title=tr("common.unit")),
                alt.Tooltip("band:N", title="JP"),
                alt.Tooltip("staff:Q", title=tr("training.ledger.staff")),
            ],
        )  # fmt: skip
        .transform_calculate(band_rank=f"indexof({band_order}, datum.band)")
    )
    draw_chart(chart.properties(height=max(160, 18 * bands["unit_code"].nunique())), width="stretch")

st.subheader(tr("training.ledger.export"))
st.caption(tr("training.ledger.export_help"))
left, right = st.columns(2)
# An export is made (and written to the audit log) only when asked for.
if left.button(tr("training.ledger.prepare_csv"), key="tr_l_csv"):
    ok, data = call(ledger.export_csv, year, **scope)
    if ok:
        left.download_button(
            "CSV", data, file_name=f"riwayat-diklat-{year}.csv", mime="text/csv", icon=":material/download:"
        )
if right.button(tr("training.ledger.prepare_xlsx"), key="tr_l_xlsx"):
    ok, data = call(ledger.export_xlsx, year, **scope)
    if ok:
        right.download_button(
            "XLSX", data, file_name=f"riwayat-diklat-{year}.xlsx", icon=":material/download:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )  # fmt: skip

# One person's history searches the staff list, which only readers may (services.org.list_staff);
# a unit head reads their unit's rows above.
if me.has(*READERS):
    with st.expander(tr("training.history.title"), icon=":material/history:"):
        search = st.text_input(tr("training.enrol.search"), key="tr_hist_search")
        found = read(org.list_staff, district_id=district, unit_id=unit, search=search or None, page_size=50).items
        person = choice(tr("training.f.name"), {s.id: f"{s.name} · {s.nip}" for s in found}, "tr_hist_staff",
                        index=None, placeholder=tr("common.choose"))  # fmt: skip
        if person is not None:
            past = read(ledger.history, None, staff_id=person)
            if past.empty:
                st.info(tr("training.history.none"))
            else:
                st.dataframe(past.drop(columns=["NIP", "Nama"]), hide_index=True, width="stretch")

if me.has(*RUNNERS):
    with st.expander(tr("training.external.title"), icon=":material/add:"), st.form("tr_ext_new"):
        search = st.text_input(tr("training.enrol.search"), key="tr_ext_search")
        found = read(org.list_staff, district_id=district, search=search or None, page_size=50).items
        person = choice(tr("training.f.name"), {s.id: f"{s.name} · {s.nip}" for s in found}, "tr_ext_staff",
                        index=None, placeholder=tr("common.choose"))  # fmt: skip
        title = st.text_input(tr("training.f.title"), max_chars=200)
        organiser = st.text_input(tr("training.f.organiser"), max_chars=150)
        left, right = st.columns(2)
        competency = choice(tr("training.f.competency"), competency_labels(), "tr_ext_kind")
        form = choice(tr("training.f.form"), form_labels(), "tr_ext_form")
        start_on = left.date_input(tr("training.f.start_on"), value=None, format="DD-MM-YYYY")
        end_on = right.date_input(tr("training.f.end_on"), value=None, format="DD-MM-YYYY")
        jp = left.number_input(tr("training.f.jp"), min_value=0.0, max_value=1000.0, value=None, step=1.0)
        minutes = right.number_input(tr("training.f.minutes"), min_value=0, max_value=200000, value=None, step=15)
        number = st.text_input(tr("training.f.certificate_number"), max_chars=60)
        evidence = st.text_input(tr("training.f.evidence"), max_chars=300, help=tr("training.f.evidence_help"))
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {
                "staff_id": person, "title": title, "organiser": organiser, "competency": competency, "form": form,
                "start_on": start_on, "end_on": end_on, "jp": jp or None, "minutes": minutes or None,
                "certificate_number": number, "evidence": evidence,
            }  # fmt: skip
            labels = {
                "staff_id": tr("training.f.name"), "title": tr("training.f.title"),
                "organiser": tr("training.f.organiser"), "start_on": tr("training.f.start_on"),
                "end_on": tr("training.f.end_on"), "jp": tr("training.f.jp"), "minutes": tr("training.f.minutes"),
                "certificate_number": tr("training.f.certificate_number"), "evidence": tr("training.f.evidence"),
            }  # fmt: skip
            ok, _ = call(ledger.record_external, data, labels=labels)
            if ok:
                saved(tr("training.external.saved", title=md_escape(title)))
