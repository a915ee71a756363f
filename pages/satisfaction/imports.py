"""Impor survei: SKM responses from a CSV or XLSX file, previewed and checked row by row first."""

import pandas as pd
import streamlit as st

from models.core.base import Role
from models.satisfaction import ELEMENTS
from services import i18n
from services.core.errors import ValidationFailed
from services.satisfaction import imports, surveys
from ui.context import actor, call, keep_on_page, lang, read, show_validation, tr
from ui.satisfaction.widgets import field_labels
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("survey.import.title"))
st.caption(tr("survey.import.subtitle"))

with st.expander(tr("survey.import.columns_title"), expanded=False):
    st.markdown(tr("survey.import.columns_help"))
    cols = st.columns(2)
    cols[0].download_button(
        tr("survey.import.template_csv"),
        imports.template_csv(),
        file_name="template-skm.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    cols[1].download_button(
        tr("survey.import.template_xlsx"),
        imports.template_xlsx(),
        file_name="template-skm.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )

units = read(surveys.entry_units)
default_unit = choice(
    tr("survey.import.default_unit"),
    {u.code: u.label for u in units},
    "import_unit",
    none_label=tr("survey.import.no_default_unit"),
    help=tr("survey.import.default_unit_help"),
)
upload = st.file_uploader(tr("survey.import.file"), type=["csv", "xlsx"], key="import_file")


def import_panel(upload) -> None:
    """The uploaded file: its check row by row, then its import. It returns in every case (a refused
    file included), so the import history below always shows."""
    content = upload.getvalue()
    cache_key = (upload.file_id, default_unit)
    done = st.session_state.get("import_done")
    if done and done["key"] == cache_key:  # imported: say so for as long as the file stays chosen
        st.success(
            tr(
                "survey.import.done",
                file=md_escape(done["file"]),
                n=done["imported"],
                skipped=i18n.fmt_number(done["skipped"], lang()),
                already=i18n.fmt_number(done["already"], lang()),
            ),
            icon=":material/check_circle:",
        )
        return
    # Checking a large file takes a moment: keep the preview for this file and unit across reruns.
    if st.session_state.get("import_preview_key") != cache_key:
        bar = st.progress(0.0, text=tr("survey.import.checking"))
        checked = read(
            imports.parse_import,
            content,
            upload.name,
            default_unit,
            progress=lambda f: bar.progress(f, text=tr("survey.import.checking")),
        )
        bar.empty()
        keep_on_page("import_preview", checked)
        keep_on_page("import_preview_key", cache_key)
    preview: imports.ImportPreview = st.session_state["import_preview"]

    if preview.file_errors:
        show_validation(ValidationFailed(preview.file_errors), field_labels())
        return

    cols = st.columns(4)
    cols[0].metric(tr("survey.import.rows"), i18n.fmt_number(preview.rows_total, lang()))
    cols[1].metric(tr("survey.import.good"), i18n.fmt_number(len(preview.good), lang()))
    cols[2].metric(tr("survey.import.already"), i18n.fmt_number(len(preview.already), lang()))
    cols[3].metric(tr("survey.import.bad"), i18n.fmt_number(preview.bad_rows, lang()))
    if preview.extra_columns:
        st.info(
            tr("survey.import.extra_columns", columns=", ".join(md_escape(c) for c in preview.extra_columns)),
            icon=":material/info:",
        )
    include_already = False
    if preview.already:
        st.info(
            tr(
                "survey.import.already_info",
                n=len(preview.already),
                lines=imports.line_ranges(preview.already_lines),
            ),
            icon=":material/content_copy:",
        )
        include_already = st.checkbox(
            tr("survey.import.include_already", n=len(preview.already)),
            key="import_include_already",
        )

    if preview.errors:
        st.error(tr("survey.import.has_errors", n=preview.bad_rows), icon="⚠️")
        labels = field_labels()
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("survey.import.line"): e.row,
                        tr("survey.import.column"): labels.get(e.column or "", e.column or "–"),
                        tr("survey.import.reason"): i18n.error_text(e.code, lang(), e.params),
                    }
                    for e in preview.errors[:1000]
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        if len(preview.errors) > 1000:
            st.caption(tr("survey.import.more_errors", n=len(preview.errors) - 1000))

    if preview.good:
        with st.expander(tr("survey.import.preview", n=min(20, len(preview.good))), expanded=not preview.errors):
            codes = {u.id: u.code for u in units}
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("survey.import.line"): line,
                            "date": row["answered_on"].isoformat(),
                            "unit_code": codes.get(row["unit_id"], row["unit_id"]),
                            **{e: row[e] for e in ELEMENTS},
                            "suggestion": row["suggestion"] or "",
                        }
                        for line, row in zip(preview.good_lines[:20], preview.good[:20], strict=True)
                    ]
                ),
                hide_index=True,
                width="stretch",
            )

    chosen = len(preview.good) + (len(preview.already) if include_already else 0)
    partial = bool(preview.errors)
    confirmed = True
    if partial and chosen:
        confirmed = st.checkbox(
            tr(
                "survey.import.confirm_partial",
                good=i18n.fmt_number(chosen, lang()),
                bad=i18n.fmt_number(preview.bad_rows, lang()),
            ),
            key="import_confirm",
        )
    if st.button(
        tr("survey.import.button", n=chosen),
        type="primary",
        disabled=not chosen or not confirmed,
        icon=":material/upload:",
    ):
        bar = st.progress(0.0, text=tr("survey.import.progress"))
        ok, result = call(
            imports.import_file,
            content,
            upload.name,
            default_unit,
            accept_good_rows=partial,
            include_already_imported=include_already,
            progress=lambda f: bar.progress(f, text=tr("survey.import.progress")),
            preview=preview,  # checked again in the service; the file is read again only if stale
            labels=field_labels(),
        )
        if ok:
            keep_on_page(
                "import_done",
                {
                    "key": cache_key,
                    "file": upload.name,
                    "imported": result.imported,
                    "skipped": result.skipped,
                    "already": result.already,
                },
            )
            st.session_state.pop("import_preview_key", None)
            st.rerun()


if upload is not None:
    import_panel(upload)

st.subheader(tr("survey.import.history"))
batches = read(imports.recent_imports)
if not batches:
    st.caption(tr("survey.import.history_none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": b.id,
                    tr("survey.import.file"): b.file_name,
                    tr("survey.import.rows"): b.rows,
                    tr("survey.import.by"): b.created_by_name or "manage.py",
                    tr("survey.entered_at"): i18n.fmt_datetime(b.created_at, lang()),
                }
                for b in batches
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if me.has(Role.admin):
        with st.expander(tr("survey.import.undo")):
            pick = choice(
                tr("survey.import.undo_pick"),
                {b.id: f"#{b.id} · {b.file_name} ({b.rows})" for b in batches},
                "import_undo_pick",
                index=None,
                placeholder=tr("common.choose"),
            )
            sure = st.checkbox(tr("survey.import.undo_sure"), key="import_undo_sure")
            if st.button(tr("survey.import.undo_button"), disabled=pick is None or not sure, icon=":material/delete:"):
                ok, removed = call(imports.undo_import, pick)
                if ok:
                    st.success(tr("survey.import.undone", n=removed))
