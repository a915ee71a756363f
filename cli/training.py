"""Command-line commands of the staff development module: the SIASN training-history export."""

from __future__ import annotations

from pathlib import Path


def cmd_export_siasn(args) -> int:
    """Write the training history of a year (all districts, or one by code) with the SIASN fields,
    as CSV or XLSX by the file's extension. Written to the audit log like an export from the page."""
    from sqlmodel import select

    from models.core.org import District
    from services.core import db
    from services.core.access import system_actor
    from services.training import ledger

    out = Path(args.out)
    with db.session_scope() as s:
        district_id = None
        if args.district:
            district_id = s.exec(select(District.id).where(District.code == args.district.upper())).first()
            if district_id is None:
                print(f"unknown district code {args.district}")
                return 2
        export = ledger.export_xlsx if out.suffix.lower() == ".xlsx" else ledger.export_csv
        data = export(s, system_actor("manage.py"), args.year, district_id=district_id)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("export-siasn", help="training history of a year with the SIASN fields (CSV or XLSX)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--district", help="district code (WGR, SWL, ...); all districts when left out")
    p.add_argument("--out", required=True, help="file to write: .csv or .xlsx")
    p.set_defaults(func=cmd_export_siasn)
