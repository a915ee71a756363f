"""The one period picker: month, quarter, semester or year, as services/periods.py understands them."""

from __future__ import annotations

import streamlit as st

from services import i18n
from services.core import clock, periods
from ui.context import lang, tr

KINDS = ("month", "quarter", "semester", "year")
YEARS_BACK = 6


def period_picker(key: str, *, kinds: tuple[str, ...] = KINDS, default: periods.Period | None = None) -> periods.Period:
    """Kind, year and number side by side; returns the chosen Period. State lives under `key`_*."""
    today = clock.today()
    default = default or periods.containing(today, kinds[0])
    st.session_state.setdefault(f"{key}_kind", default.kind if default.kind in kinds else kinds[0])
    st.session_state.setdefault(f"{key}_year", default.start.year)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = st.segmented_control(
            tr("period.kind"),
            list(kinds),
            format_func=lambda k: tr(f"period.kind.{k}"),
            key=f"{key}_kind",
            required=True,
        )
        years = list(range(today.year, today.year - YEARS_BACK, -1))
        if st.session_state[f"{key}_year"] not in years:
            st.session_state[f"{key}_year"] = years[0]
        year = st.selectbox(tr("period.year"), years, key=f"{key}_year", width=110)
        months_in = periods.MONTHS_IN[kind]
        if kind == "year":
            return periods.parse(str(year))
        count = 12 // months_in
        number_key = f"{key}_{kind}"
        st.session_state.setdefault(number_key, (default.start.month - 1) // months_in + 1)
        number = st.selectbox(
            tr(f"period.kind.{kind}"),
            list(range(1, count + 1)),
            format_func=lambda n: _label(year, n, kind),
            key=number_key,
            width=220,
        )
    first_month = (number - 1) * months_in + 1
    return periods.parse(periods.format_code(year, first_month, kind))


def _label(year: int, number: int, kind: str) -> str:
    months_in = periods.MONTHS_IN[kind]
    period = periods.parse(periods.format_code(year, (number - 1) * months_in + 1, kind))
    if kind == "month":
        return i18n.month_names(lang(), "wide")[number - 1]
    return periods.label(period, lang())
