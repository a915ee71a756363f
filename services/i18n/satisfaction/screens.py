"""Messages of the satisfaction module, its screens: entry, import, service users, reports, the
kiosk, the dashboard, home, settings and errors."""

MESSAGES: dict[str, tuple] = {
    # --- navigation ---
    "nav.dashboard": ("Dasbor pimpinan", "Managers' dashboard"),
    "nav.ikm_reports": ("Laporan IKM", "IKM reports"),
    "nav.survey_entry": ("Entri survei", "Survey entry"),
    "nav.survey_import": ("Impor survei", "Survey import"),
    "nav.service_users": ("Populasi & sampel", "Population & sample"),
    "nav.kiosk_links": ("Tautan kios survei", "Survey kiosk links"),
    "nav.kiosk": ("Kios survei", "Survey kiosk"),
    # --- survey entry ---
    "survey.entry.title": ("Entri survei kepuasan (SKM)", "Satisfaction survey entry (SKM)"),
    "survey.entry.subtitle": (
        "Salin satu kuesioner kertas per isian. Unit dan tanggal tetap untuk kuesioner berikutnya.",
        "Copy one paper questionnaire per entry. The unit and date stay for the next questionnaire.",
    ),
    "survey.no_units": (
        "Tidak ada unit layanan yang dapat Anda isi surveinya.",
        "There is no service unit you may enter surveys for.",
    ),
    "survey.date": ("Tanggal pengisian", "Date answered"),
    "survey.entered_today": ("Entri Anda (24 jam)", "Your entries (24 h)"),
    "survey.section.service": ("Layanan", "Service"),
    "survey.section.profile": ("Profil responden", "Respondent profile"),
    "survey.section.elements": ("Pendapat tentang pelayanan", "Opinion of the service"),
    "survey.elements_help": (
        "Pilih satu jawaban untuk setiap unsur (1 terburuk, 4 terbaik). Semua unsur wajib diisi.",
        "Choose one answer for each element (1 worst, 4 best). Every element must be answered.",
    ),
    "survey.service": ("Jenis layanan yang diterima", "Service received"),
    "survey.gender": ("Jenis kelamin", "Gender"),
    "survey.age": ("Usia (tahun)", "Age (years)"),
    "survey.education": ("Pendidikan", "Education"),
    "survey.occupation": ("Pekerjaan", "Occupation"),
    "survey.education.sd": ("SD ke bawah", "Primary or less"),
    "survey.education.smp": ("SMP", "Junior secondary"),
    "survey.education.sma": ("SMA/SMK", "Senior secondary"),
    "survey.education.diploma": ("D1–D4", "Diploma (D1–D4)"),
    "survey.education.s1": ("S1", "Bachelor (S1)"),
    "survey.education.s2": ("S2 ke atas", "Master or higher"),
    "survey.occupation.pns": ("PNS/TNI/Polri", "Civil servant, military, police"),
    "survey.occupation.swasta": ("Pegawai swasta", "Private employee"),
    "survey.occupation.wiraswasta": ("Wiraswasta/Usahawan", "Self-employed/business owner"),
    "survey.occupation.pelajar": ("Pelajar/Mahasiswa", "Student"),
    "survey.occupation.lainnya": ("Lainnya", "Other"),
    "survey.suggestion": ("Saran dan masukan", "Suggestions"),
    "survey.save": ("Simpan kuesioner", "Save questionnaire"),
    "survey.saved": ("Kuesioner untuk {unit} tanggal {date} tersimpan.", "Questionnaire for {unit} on {date} saved."),
    "survey.recent": ("Entri terakhir Anda", "Your latest entries"),
    "survey.recent_none": ("Anda belum mengisi kuesioner.", "You have not entered a questionnaire yet."),
    "survey.scores": ("Nilai U1–U9", "Scores U1–U9"),
    "survey.entered_at": ("Dicatat", "Recorded"),
    "survey.undo": ("Batalkan entri yang keliru", "Take back a mistaken entry"),
    "survey.undo_help": (
        "Entri Anda sendiri dapat dibatalkan dalam {hours} jam; pembatalan dicatat di log audit.",
        "Your own entries can be taken back within {hours} hours; this is recorded in the audit log.",
    ),
    "survey.undo_pick": ("Entri", "Entry"),
    "survey.undo_button": ("Batalkan entri", "Take back the entry"),
    "survey.undone": ("Entri #{id} dibatalkan.", "Entry #{id} taken back."),
    # --- import ---
    "survey.import.title": ("Impor survei (CSV/XLSX)", "Survey import (CSV/XLSX)"),
    "survey.import.subtitle": (
        "Unggah hasil SKM dari berkas. Setiap baris diperiksa dulu; tidak ada yang tersimpan sebelum Anda "
        "menekan Impor.",
        "Upload SKM results from a file. Every row is checked first; nothing is saved until you press Import.",
    ),
    "survey.import.columns_title": ("Kolom berkas dan templat", "File columns and template"),
    "survey.import.columns_help": (
        "Wajib: `date` (YYYY-MM-DD) dan nilai `u1` … `u9` (1–4). Opsional: `unit_code`, `service`, "
        "`gender` (L/P), `age`, `education` (SD, SMP, SMA, D1–D4, S1, S2), `occupation` (pns, swasta, "
        "wiraswasta, pelajar, lainnya), `suggestion`. Kolom lain dilaporkan lalu diabaikan. CSV boleh "
        "dipisah koma, titik koma, atau tab.",
        "Required: `date` (YYYY-MM-DD) and the scores `u1` … `u9` (1–4). Optional: `unit_code`, `service`, "
        "`gender` (L/P), `age`, `education` (SD, SMP, SMA, D1–D4, S1, S2), `occupation` (pns, swasta, "
        "wiraswasta, pelajar, lainnya), `suggestion`. Other columns are reported and ignored. CSV may be "
        "separated by commas, semicolons or tabs.",
    ),
    "survey.import.template_csv": ("Templat CSV", "CSV template"),
    "survey.import.template_xlsx": ("Templat XLSX", "XLSX template"),
    "survey.import.default_unit": ("Unit untuk baris tanpa unit_code", "Unit for rows without unit_code"),
    "survey.import.default_unit_help": (
        "Baris yang kolom unit_code-nya kosong (atau berkas tanpa kolom itu) masuk ke unit ini.",
        "Rows with an empty unit_code (or a file without that column) go to this unit.",
    ),
    "survey.import.no_default_unit": ("Tidak ada (setiap baris punya unit_code)", "None (every row has a unit_code)"),
    "survey.import.file": ("Berkas", "File"),
    "survey.import.rows": ("Baris", "Rows"),
    "survey.import.good": ("Baris benar baru", "New good rows"),
    "survey.import.bad": ("Baris salah", "Bad rows"),
    "survey.import.extra_columns": (
        "Kolom yang tidak dikenal dan diabaikan: {columns}",
        "Unknown columns, ignored: {columns}",
    ),
    "survey.import.has_errors": (
        "{n} baris salah. Perbaiki berkasnya lalu unggah lagi, atau impor hanya baris yang benar.",
        {
            "one": "{n} row is wrong. Fix the file and upload it again, or import only the good rows.",
            "other": "{n} rows are wrong. Fix the file and upload it again, or import only the good rows.",
        },
    ),
    "survey.import.line": ("Baris ke-", "Line"),
    "survey.import.column": ("Kolom", "Column"),
    "survey.import.reason": ("Alasan", "Reason"),
    "survey.import.more_errors": (
        "… dan {n} kesalahan lain.",
        {"one": "… and {n} more error.", "other": "… and {n} more errors."},
    ),
    "survey.import.preview": ("Pratinjau ({n} baris pertama yang benar)", "Preview (first {n} good rows)"),
    "survey.import.confirm_partial": (
        "Saya mengerti: impor hanya {good} baris yang benar; {bad} baris salah dilewati.",
        "I understand: import only the {good} good rows; the {bad} bad rows are skipped.",
    ),
    "survey.import.button": ("Impor {n} baris", {"one": "Import {n} row", "other": "Import {n} rows"}),
    "survey.import.progress": ("Mengimpor…", "Importing…"),
    "survey.import.checking": ("Memeriksa setiap baris…", "Checking every row…"),
    "survey.import.done_bar": ("Selesai", "Done"),
    "survey.import.done": (
        "{n} kuesioner dari {file} diimpor ({skipped} baris salah dan {already} baris yang sudah pernah "
        "diimpor dilewati).",
        {
            "one": "{n} questionnaire imported from {file} ({skipped} bad rows and {already} rows imported before skipped).",
            "other": "{n} questionnaires imported from {file} ({skipped} bad rows and {already} rows imported before skipped).",
        },
    ),
    "survey.import.already": ("Sudah diimpor", "Already imported"),
    "survey.import.already_info": (
        "{n} baris sama persis dengan kuesioner yang sudah diimpor dari berkas sebelumnya (unit, tanggal, "
        "layanan, profil, sembilan nilai dan saran) dan dilewati: baris {lines}.",
        {
            "one": "{n} row is identical to questionnaires already imported from an earlier file (unit, date, service, profile, the nine scores and suggestion) and are skipped: lines {lines}.",
            "other": "{n} rows are identical to questionnaires already imported from an earlier file (unit, date, service, profile, the nine scores and suggestion) and are skipped: lines {lines}.",
        },
    ),
    "survey.import.include_already": (
        "Impor juga {n} baris itu (misalnya dua orang memang menjawab sama persis)",
        {
            "one": "Import that {n} row as well (for instance, two people really did answer alike)",
            "other": "Import those {n} rows as well (for instance, two people really did answer alike)",
        },
    ),
    "survey.import.history": ("Impor terakhir", "Latest imports"),
    "survey.import.history_none": ("Belum ada impor.", "No imports yet."),
    "survey.import.by": ("Oleh", "By"),
    "survey.import.undo": ("Batalkan satu impor", "Undo an import"),
    "survey.import.undo_pick": ("Impor", "Import"),
    "survey.import.undo_sure": (
        "Ya, hapus semua kuesioner dari impor ini.",
        "Yes, remove every questionnaire of this import.",
    ),
    "survey.import.undo_button": ("Hapus impor", "Remove the import"),
    "survey.import.undone": (
        "{n} kuesioner dihapus.",
        {"one": "{n} questionnaire removed.", "other": "{n} questionnaires removed."},
    ),
    # --- service users ---
    "survey.users.title": ("Populasi dan sampel minimum", "Population and minimum sample"),
    "survey.users.subtitle": (
        "Jumlah orang yang dilayani tiap unit per periode. Dari angka ini dihitung sampel minimum SKM.",
        "How many people each unit served per period. The SKM minimum sample is computed from it.",
    ),
    "survey.users.enter": ("Isi atau perbaiki jumlah", "Enter or correct a count"),
    "survey.users.count": ("Jumlah pengguna layanan", "Number of service users"),
    "survey.users.minimum_is": (
        "Untuk N = {n}, sampel minimum {s} responden.",
        "For N = {n}, the minimum sample is {s}.",
    ),
    "survey.users.saved": (
        "Jumlah pengguna {unit} untuk {period} tersimpan.",
        "Service users of {unit} for {period} saved.",
    ),
    "survey.users.how": ("Cara menghitung", "How it is computed"),
    "survey.users.how_text": (
        "Sampel minimum mengikuti tabel Krejcie-Morgan (PermenPAN-RB 14/2017): tingkat kepercayaan 95 %, "
        "galat 5 %. Jumlah untuk setahun boleh diisi langsung, atau dijumlahkan dari empat triwulan.",
        "The minimum sample follows the Krejcie-Morgan table (PermenPAN-RB 14/2017): 95 % confidence, 5 % "
        "margin. A year's count may be entered directly or added up from its four quarters.",
    ),
    "survey.users.entered": ("Jumlah yang sudah diisi", "Counts entered"),
    "survey.users.none": ("Belum ada jumlah untuk tahun ini.", "No counts for this year yet."),
    "survey.users.updated": ("Diperbarui", "Updated"),
    # --- reports ---
    "ikm.report.title": ("Laporan IKM", "IKM report"),
    "ikm.report.subtitle": (
        "Hasil SKM satu unit per periode untuk dipublikasikan, beserta rencana tindak lanjut. Hanya angka "
        "agregat, tanpa data pribadi.",
        "One unit's SKM result for a period, for publication, with the follow-up plan. Aggregates only, no "
        "personal data.",
    ),
    "ikm.report.heading": ("Laporan Survei Kepuasan Masyarakat (SKM)", "Public Satisfaction Survey (SKM) report"),
    "ikm.report.summary": (
        "Indeks Kepuasan Masyarakat: {ikm} - mutu pelayanan {grade} ({grade_name})",
        "Public Satisfaction Index: {ikm} - service quality {grade} ({grade_name})",
    ),
    "ikm.report.raw": ("Nilai indeks sebelum konversi (1-4): {raw}", "Index before conversion (1-4): {raw}"),
    "ikm.report.elements": ("Nilai per unsur pelayanan", "Score per service element"),
    "ikm.report.no": ("No.", "No."),
    "ikm.report.element": ("Unsur", "Element"),
    "ikm.report.nrr": ("NRR", "NRR"),
    "ikm.report.weighted": ("NRR tertimbang", "Weighted NRR"),
    "ikm.report.profile": (
        "Profil responden ({n} orang)",
        {"one": "Respondent profile ({n} person)", "other": "Respondent profile ({n} people)"},
    ),
    "ikm.report.count": ("Jumlah", "Count"),
    "ikm.report.plan": ("Rencana tindak lanjut", "Follow-up plan"),
    "ikm.report.plan_hint": (
        "Apa yang akan dilakukan, oleh siapa, kapan — terutama untuk unsur dengan nilai terendah.",
        "What will be done, by whom, by when — above all for the lowest elements.",
    ),
    "ikm.report.plan_saved": ("Rencana tindak lanjut tersimpan.", "Follow-up plan saved."),
    "ikm.report.plan_saved_by": ("Terakhir diubah oleh {name}, {at}.", "Last changed by {name}, {at}."),
    "ikm.report.no_plan": ("Belum ada rencana tindak lanjut.", "No follow-up plan yet."),
    "ikm.report.download": ("Unduh untuk publikasi", "Download for publication"),
    "ikm.report.empty": (
        "Belum ada kuesioner untuk unit dan periode ini.",
        "No questionnaires for this unit and period yet.",
    ),
    "ikm.report.aggregates_only": (
        "Laporan hanya memuat angka agregat; kuesioner, saran, dan identitas responden tidak pernah dicantumkan.",
        "Reports contain aggregates only; no questionnaire, suggestion or respondent is ever listed.",
    ),
    "ikm.report.footer": (
        "Dibuat dengan Sigap pada {date}. IKM = rata-rata NRR sembilan unsur x 25 (PermenPAN-RB 14/2017); "
        "dibulatkan hanya pada hasil akhir.",
        "Made with Sigap on {date}. IKM = mean NRR of the nine elements x 25 (PermenPAN-RB 14/2017); rounded "
        "only at the end.",
    ),
    # --- kiosk ---
    "kiosk.title": ("Survei Kepuasan Masyarakat", "Public Satisfaction Survey"),
    "kiosk.intro": (
        "{district}. Pendapat Anda membantu kami memperbaiki pelayanan. Survei ini tanpa nama.",
        "{district}. Your opinion helps us improve the service. This survey is anonymous.",
    ),
    "kiosk.send": ("Kirim", "Send"),
    "kiosk.thanks": (
        "Terima kasih! Jawaban Anda sudah kami terima.",
        "Thank you! We have received your answers.",
    ),
    "kiosk.invalid": (
        "Tautan survei ini tidak berlaku. Silakan hubungi petugas.",
        "This survey link is not valid. Please ask a member of staff.",
    ),
    "kiosk.label": ("Nama perangkat/loket", "Device or counter name"),
    "kiosk.label_hint": ("mis. Tablet loket 1", "e.g. Counter 1 tablet"),
    "kiosk.admin.title": ("Tautan kios survei", "Survey kiosk links"),
    "kiosk.admin.subtitle": (
        "Tautan untuk tablet di loket: membuka survei satu unit tanpa login petugas. Cabut tautan bila "
        "perangkat hilang atau tidak dipakai lagi.",
        "Links for a counter tablet: they open one unit's survey without a staff login. Revoke a link when "
        "the device is lost or retired.",
    ),
    "kiosk.admin.issue": ("Buat tautan baru", "Issue a new link"),
    "kiosk.admin.issue_button": ("Buat tautan", "Issue link"),
    "kiosk.admin.issued": (
        "Tautan untuk {label} dibuat. Buka alamat ini di tablet:",
        "Link for {label} issued. Open this address on the tablet:",
    ),
    "kiosk.admin.shown_once": (
        "Alamat ini hanya ditampilkan sekali (yang disimpan hanya sidik kriptografisnya). Bila hilang, "
        "cabut tautan dan buat yang baru.",
        "This address is shown only once (only a cryptographic fingerprint is stored). If it is lost, revoke "
        "the link and issue a new one.",
    ),
    "kiosk.admin.links": ("Tautan", "Links"),
    "kiosk.admin.none": ("Belum ada tautan kios.", "No kiosk links yet."),
    "kiosk.admin.status": ("Status", "Status"),
    "kiosk.admin.active": ("Aktif", "Active"),
    "kiosk.admin.revoked": ("Dicabut", "Revoked"),
    "kiosk.admin.responses": ("Kuesioner", "Questionnaires"),
    "kiosk.admin.last_used": ("Terakhir dipakai", "Last used"),
    "kiosk.admin.created": ("Dibuat", "Issued"),
    "kiosk.admin.created_by": ("Oleh", "By"),
    "kiosk.admin.revoke_pick": ("Tautan aktif", "Active link"),
    "kiosk.admin.revoke": ("Cabut tautan", "Revoke link"),
    "kiosk.admin.revoked_done": ("Tautan {label} dicabut.", "Link {label} revoked."),
    # --- dashboard ---
    "dash.title": ("Kepuasan masyarakat", "Public satisfaction"),
    "dash.subtitle": (
        "Indeks Kepuasan Masyarakat (IKM) menurut PermenPAN-RB 14/2017: seberapa puas warga, mengapa, dan "
        "apakah membaik. Klik titik atau batang untuk mempersempit halaman.",
        "The Public Satisfaction Index (IKM) under PermenPAN-RB 14/2017: how satisfied citizens are, why, and "
        "whether it is improving. Click a point or bar to narrow the page.",
    ),
    "dash.no_units": ("Tidak ada unit di wilayah Anda.", "There are no units in your scope."),
    "dash.all_districts": ("Semua wilayah", "All districts"),
    "dash.all_units": ("Semua unit", "All units"),
    "dash.step": ("Langkah", "Step"),
    "dash.range": ("Rentang", "Range"),
    "dash.range.1y": ("12 bulan terakhir", "Last 12 months"),
    "dash.range.2y": ("24 bulan terakhir", "Last 24 months"),
    "dash.range.3y": ("36 bulan terakhir", "Last 36 months"),
    "dash.live": (
        "Diperbarui {time} · otomatis setiap {seconds} detik · {n} kuesioner dalam rentang ini",
        {
            "one": "Updated {time} · refreshes every {seconds} s · {n} questionnaire in this range",
            "other": "Updated {time} · refreshes every {seconds} s · {n} questionnaires in this range",
        },
    ),
    "dash.no_data": (
        "Belum ada kuesioner untuk {where} dalam rentang ini.",
        "No questionnaires for {where} in this range yet.",
    ),
    "dash.focus_chip": ("Periode: {period}", "Period: {period}"),
    "dash.element_chip": ("Unsur: {element}", "Element: {element}"),
    "dash.ikm_of": ("IKM {period}", "IKM {period}"),
    "dash.ikm_help": (
        "Rata-rata NRR sembilan unsur x 25, dari semua kuesioner pada periode ini; dibulatkan hanya di akhir.",
        "The mean NRR of the nine elements x 25 over every questionnaire of the period; rounded only at the end.",
    ),
    "dash.vs_previous": ("dibanding {period}", "vs {period}"),
    "dash.sample_running": (
        "Periode ini masih berjalan sampai {end}: kuesioner masih bertambah.",
        "This period runs until {end}: questionnaires are still coming in.",
    ),
    "dash.quality": ("Mutu pelayanan", "Service quality"),
    "dash.quality_help": (
        "A 88,31–100 · B 76,61–88,30 · C 65,00–76,60 · D 25,00–64,99",
        "A 88.31–100 · B 76.61–88.30 · C 65.00–76.60 · D 25.00–64.99",
    ),
    "dash.respondents_help": (
        "Kuesioner pada periode ini, dibanding sampel minimum dari jumlah pengguna layanan.",
        "Questionnaires in the period, against the minimum sample from the number of service users.",
    ),
    "dash.vs_minimum": ("{diff} dari minimum", "{diff} vs the minimum"),
    "dash.units_short": (
        "{n} unit kurang sampel",
        {"one": "{n} unit short of the sample", "other": "{n} units short of the sample"},
    ),
    "dash.lowest": ("Unsur terendah", "Lowest element"),
    "dash.lowest_help": (
        "Unsur dengan NRR terendah pada periode ini: tempat pertama untuk bertindak.",
        "The element with the lowest NRR in the period: the first place to act.",
    ),
    "dash.trend": ("Tren {what} · {where}", "{what} trend · {where}"),
    "dash.trend_help": (
        "Latar: pita mutu A–D. Garis putus-putus: target. Klik titik untuk melihat periode itu.",
        "Background: grade bands A–D. Dashed line: the target. Click a point to look at that period.",
    ),
    "dash.element_axis": ("{element} (NRR x 25)", "{element} (NRR x 25)"),
    "dash.target": ("Target {value}", "Target {value}"),
    "dash.name": ("Nama", "Name"),
    "dash.by_district": ("{what} per wilayah · {period}", "{what} by district · {period}"),
    "dash.by_unit": ("{what} per unit · {period}", "{what} by unit · {period}"),
    "dash.by_district_help": (
        "Terendah di atas. Klik batang untuk membuka wilayah itu.",
        "Lowest first. Click a bar to open that district.",
    ),
    "dash.by_unit_help": (
        "Terendah di atas. Klik batang untuk membuka unit itu.",
        "Lowest first. Click a bar to open that unit.",
    ),
    "dash.no_responses_in": ("Tanpa kuesioner pada periode ini: {names}", "No questionnaires in this period: {names}"),
    "dash.no_responses_period": ("Tidak ada kuesioner pada periode ini.", "No questionnaires in this period."),
    "dash.elements": ("Sembilan unsur · {where} · {period}", "The nine elements · {where} · {period}"),
    "dash.elements_help": (
        "Terendah di atas: di situlah perbaikan paling dibutuhkan. Klik unsur untuk melihat trennya.",
        "Lowest first: that is where improvement is needed most. Click an element to see its trend.",
    ),
    "dash.element": ("Unsur", "Element"),
    "dash.nrr_axis": ("NRR (1–4)", "NRR (1–4)"),
    "dash.heat_district": ("Unsur per wilayah · {period}", "Elements by district · {period}"),
    "dash.heat_unit": ("Unsur per unit · {period}", "Elements by unit · {period}"),
    "dash.heat_period": ("Unsur dari waktu ke waktu", "Elements over time"),
    "dash.row_district": ("Wilayah", "District"),
    "dash.row_unit": ("Unit", "Unit"),
    "dash.row_period": ("Periode", "Period"),
    "dash.heat_help": (
        "Angka: NRR; warna: mutu. Klik sel untuk mempersempit.",
        "Figures: NRR; colour: grade. Click a cell to narrow.",
    ),
    "dash.sample": ("Kecukupan sampel · {period}", "Sample size · {period}"),
    "dash.sample_short": (
        "{n} unit belum mencapai sampel minimum: {units}",
        {
            "one": "{n} unit has not reached the minimum sample: {units}",
            "other": "{n} units have not reached the minimum sample: {units}",
        },
    ),
    "dash.sample_ok": ("Semua unit mencapai sampel minimum.", "Every unit reached its minimum sample."),
    "dash.sample_status": ("Status", "Status"),
    "dash.sample_status_ok": ("Cukup", "Enough"),
    "dash.sample_status_short": ("Kurang", "Short"),
    "dash.sample_unknown": (
        "{n} unit belum mengisi jumlah pengguna layanan untuk periode ini.",
        {
            "one": "{n} unit has not entered its service users for this period.",
            "other": "{n} units have not entered their service users for this period.",
        },
    ),
    "dash.voices": ("Suara warga · {period}", "Citizens' words · {period}"),
    "dash.voices_none": ("Tidak ada saran tertulis pada periode ini.", "No written suggestions in this period."),
    "dash.voice_low": ("nilai rendah: {elements}", "low scores: {elements}"),
    "dash.minimum_short": ("Minimum", "Minimum"),
    # --- home (managers) ---
    "home.fig.ikm_district": ("IKM {district} · {period}", "IKM {district} · {period}"),
    "home.fig.ikm_district_help": (
        "IKM triwulan berjalan dan perubahannya dari triwulan lalu; huruf: mutu pelayanan (A–D).",
        "This quarter's IKM and its change from last quarter; the letter is the service quality (A–D).",
    ),
    "home.att.ikm_lowest": (
        "{district}, {period}: IKM {ikm} ({grade}); unsur terendah {element} (NRR {nrr}).",
        "{district}, {period}: IKM {ikm} ({grade}); lowest element {element} (NRR {nrr}).",
    ),
    "home.att.ikm_below_target": (
        "{district}, {period}: IKM {ikm} di bawah target {target}; unsur terendah {element} (NRR {nrr}).",
        "{district}, {period}: IKM {ikm} is below the target of {target}; lowest element {element} (NRR {nrr}).",
    ),
    # --- settings ---
    "settings.group.satisfaction": ("Kepuasan masyarakat (SKM/IKM)", "Public satisfaction (SKM/IKM)"),
    "setting.satisfaction.ikm_target": (
        "Target IKM (garis target di dasbor)",
        "IKM target (the dashboard's target line)",
    ),
    "setting.satisfaction.refresh_seconds": (
        "Dasbor memperbarui diri setiap … detik",
        "The dashboard refreshes itself every … seconds",
    ),
    "setting.satisfaction.kiosk_max_per_browser": (
        "Kios: kuesioner per peramban dalam satu jendela waktu",
        "Kiosk: questionnaires per browser in one window",
    ),
    "setting.satisfaction.kiosk_window_seconds": ("Kios: jendela waktu (detik)", "Kiosk: window (seconds)"),
    "setting.satisfaction.kiosk_max_per_link_hour": (
        "Kios: kuesioner per tautan per jam",
        "Kiosk: questionnaires per link per hour",
    ),
    "setting.satisfaction.import_max_rows": ("Impor: baris per berkas paling banyak", "Import: most rows per file"),
    # --- errors ---
    "err.score_invalid": ("Nilai harus bilangan bulat 1 sampai 4.", "The score must be a whole number from 1 to 4."),
    "err.date_format": ("Tanggal harus berformat YYYY-MM-DD.", "The date must be written YYYY-MM-DD."),
    "err.date_future": ("Tanggal tidak boleh di masa depan.", "The date must not be in the future."),
    "err.date_too_old": ("Tanggal sebelum tahun 2000.", "The date is before 2000."),
    "err.age_invalid": ("Usia harus bilangan bulat 10 sampai 110.", "Age must be a whole number from 10 to 110."),
    "err.gender_invalid": ("Jenis kelamin: L atau P.", "Gender: L or P."),
    "err.education_invalid": (
        "Pendidikan tidak dikenal (SD, SMP, SMA, D1–D4, S1, S2).",
        "Unknown education (SD, SMP, SMA, D1–D4, S1, S2).",
    ),
    "err.occupation_invalid": (
        "Pekerjaan tidak dikenal (pns, swasta, wiraswasta, pelajar, lainnya).",
        "Unknown occupation (pns, swasta, wiraswasta, pelajar, lainnya).",
    ),
    "err.survey_other_unit": (
        "Anda hanya dapat mengisi survei untuk unit Anda sendiri.",
        "You may enter surveys for your own unit only.",
    ),
    "err.service_not_of_unit": ("Layanan ini bukan layanan unit tersebut.", "This service is not one of the unit's."),
    "err.service_unknown": (
        "Layanan '{service}' tidak dikenal di unit ini.",
        "The service '{service}' is not known at this unit.",
    ),
    "err.unit_code_unknown": ("Kode unit '{code}' tidak dikenal.", "Unknown unit code '{code}'."),
    "err.survey_undo_expired": (
        "Hanya entri Anda sendiri dalam {hours} jam terakhir yang dapat dibatalkan.",
        "Only your own entries of the last {hours} hours can be taken back.",
    ),
    "err.import_columns_missing": ("Kolom wajib tidak ada: {columns}", "Required columns are missing: {columns}"),
    "err.import_unit_missing": (
        "Berkas tidak punya kolom unit_code: pilih unit untuk semua barisnya.",
        "The file has no unit_code column: choose the unit for all its rows.",
    ),
    "err.import_file_type": ("Hanya berkas CSV atau XLSX.", "Only CSV or XLSX files."),
    "err.import_unreadable": ("Berkas tidak dapat dibaca sebagai XLSX.", "The file cannot be read as XLSX."),
    "err.import_unreadable_csv": (
        "Berkas tidak dapat dibaca sebagai teks CSV: simpan ulang sebagai CSV UTF-8 (atau Windows-1252).",
        "The file cannot be read as CSV text: save it again as CSV UTF-8 (or Windows-1252).",
    ),
    "err.import_empty": ("Berkas tidak berisi baris data.", "The file holds no data rows."),
    "err.import_too_many_rows": (
        "Terlalu banyak baris (paling banyak {max}); bagi berkasnya.",
        "Too many rows (at most {max}); split the file.",
    ),
    "err.import_duplicate": (
        "Berkas yang sama persis sudah diimpor pada {date}.",
        "This exact file was already imported on {date}.",
    ),
    "err.import_nothing_good": ("Tidak ada baris yang benar untuk diimpor.", "There are no good rows to import."),
    "err.import_nothing_new": (
        "Semua baris yang benar sudah diimpor dari berkas sebelumnya: tidak ada yang baru.",
        "Every good row was already imported from an earlier file: there is nothing new.",
    ),
    "err.kiosk_other_unit": (
        "Kios ini hanya menerima survei untuk unitnya sendiri.",
        "This kiosk only takes surveys for its own unit.",
    ),
    "err.kiosk_field_refused": ("Isian ini tidak diterima oleh kios.", "The kiosk does not accept this field."),
    "err.kiosk_slow_down": (
        "Terlalu banyak kiriman dari perangkat ini. Silakan coba lagi dalam {seconds} detik.",
        "Too many submissions from this device. Please try again in {seconds} seconds.",
    ),
    # The audit log's labels for this module's codes (pages/core/audit.py).
    "audit.action.import": ("Diimpor", "Imported"),
    "audit.action.revoke": ("Dicabut", "Revoked"),
    "audit.entity.survey_response": ("Kuesioner SKM", "SKM response"),
    "audit.entity.survey_import": ("Impor SKM", "SKM import"),
    "audit.entity.service_user_count": ("Jumlah pengguna layanan", "Service users"),
    "audit.entity.ikm_follow_up": ("Rencana tindak lanjut IKM", "IKM follow-up plan"),
    "audit.entity.kiosk_link": ("Tautan kios survei", "Survey kiosk link"),
}
