"""Messages of the satisfaction module, the IKM's own words: periods, the nine elements and their
answers, grades.

The nine SKM elements and their four answers are given in Indonesian exactly as PermenPAN-RB 14/2017
words them (see ../shared/domain.md); the English is a translation for reading, never for the form
a citizen fills in Indonesian.
"""

MESSAGES: dict[str, tuple] = {
    # --- periods ---
    "period.kind": ("Periode", "Period"),
    "period.kind.month": ("Bulan", "Month"),
    "period.kind.quarter": ("Triwulan", "Quarter"),
    "period.kind.semester": ("Semester", "Semester"),
    "period.kind.year": ("Tahun", "Year"),
    "period.year": ("Tahun", "Year"),
    "period.name.quarter": ("Triwulan {q} {year}", "Q{q} {year}"),
    "period.name.semester": ("Semester {s} {year}", "Semester {s} {year}"),
    "period.short.quarter": ("TW {q} {year}", "Q{q} {year}"),
    "period.short.semester": ("Sem {s} {year}", "S{s} {year}"),
    # --- the nine elements (unsur), official names ---
    "ikm.element.u1": ("Persyaratan", "Requirements"),
    "ikm.element.u2": ("Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"),
    "ikm.element.u3": ("Waktu Penyelesaian", "Completion time"),
    "ikm.element.u4": ("Biaya/Tarif", "Cost/fee"),
    "ikm.element.u5": ("Produk Spesifikasi Jenis Pelayanan", "Service product specification"),
    "ikm.element.u6": ("Kompetensi Pelaksana", "Staff competence"),
    "ikm.element.u7": ("Perilaku Pelaksana", "Staff behaviour"),
    "ikm.element.u8": ("Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints, suggestions and input"),
    "ikm.element.u9": ("Sarana dan Prasarana", "Facilities and infrastructure"),
    # The question each element asks (the usual SKM questionnaire wording).
    "ikm.question.u1": (
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "How well do the service's requirements fit the service?",
    ),
    "ikm.question.u2": (
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "How easy is the service procedure at this unit?",
    ),
    "ikm.question.u3": (
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        "How fast was the service delivered?",
    ),
    "ikm.question.u4": (
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "How fair is the cost or fee of the service?",
    ),
    "ikm.question.u5": (
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        "Does what you received match what the service standard promises?",
    ),
    "ikm.question.u6": (
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "How competent were the staff who served you?",
    ),
    "ikm.question.u7": (
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        "How polite and friendly were the staff?",
    ),
    "ikm.question.u8": (
        "Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan pengguna layanan?",
        "How are complaints, suggestions and input from service users handled?",
    ),
    "ikm.question.u9": (
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "How good are the facilities and infrastructure?",
    ),
    # The four official answers of each element, 1 (worst) to 4 (best).
    "ikm.answer.u1.1": ("Tidak sesuai", "Not appropriate"),
    "ikm.answer.u1.2": ("Kurang sesuai", "Less appropriate"),
    "ikm.answer.u1.3": ("Sesuai", "Appropriate"),
    "ikm.answer.u1.4": ("Sangat sesuai", "Very appropriate"),
    "ikm.answer.u2.1": ("Tidak mudah", "Not easy"),
    "ikm.answer.u2.2": ("Kurang mudah", "Not very easy"),
    "ikm.answer.u2.3": ("Mudah", "Easy"),
    "ikm.answer.u2.4": ("Sangat mudah", "Very easy"),
    "ikm.answer.u3.1": ("Tidak cepat", "Not fast"),
    "ikm.answer.u3.2": ("Kurang cepat", "Not very fast"),
    "ikm.answer.u3.3": ("Cepat", "Fast"),
    "ikm.answer.u3.4": ("Sangat cepat", "Very fast"),
    "ikm.answer.u4.1": ("Sangat mahal", "Very expensive"),
    "ikm.answer.u4.2": ("Cukup mahal", "Fairly expensive"),
    "ikm.answer.u4.3": ("Murah", "Cheap"),
    "ikm.answer.u4.4": ("Gratis", "Free"),
    "ikm.answer.u5.1": ("Tidak sesuai", "Not as specified"),
    "ikm.answer.u5.2": ("Kurang sesuai", "Partly as specified"),
    "ikm.answer.u5.3": ("Sesuai", "As specified"),
    "ikm.answer.u5.4": ("Sangat sesuai", "Fully as specified"),
    "ikm.answer.u6.1": ("Tidak kompeten", "Not competent"),
    "ikm.answer.u6.2": ("Kurang kompeten", "Not very competent"),
    "ikm.answer.u6.3": ("Kompeten", "Competent"),
    "ikm.answer.u6.4": ("Sangat kompeten", "Very competent"),
    "ikm.answer.u7.1": ("Tidak sopan dan ramah", "Not polite and friendly"),
    "ikm.answer.u7.2": ("Kurang sopan dan ramah", "Not very polite and friendly"),
    "ikm.answer.u7.3": ("Sopan dan ramah", "Polite and friendly"),
    "ikm.answer.u7.4": ("Sangat sopan dan ramah", "Very polite and friendly"),
    "ikm.answer.u8.1": ("Tidak ada", "None"),
    "ikm.answer.u8.2": ("Ada tetapi tidak berfungsi", "Exists but does not work"),
    "ikm.answer.u8.3": ("Berfungsi kurang maksimal", "Works, but not fully"),
    "ikm.answer.u8.4": ("Dikelola dengan baik", "Well managed"),
    "ikm.answer.u9.1": ("Buruk", "Poor"),
    "ikm.answer.u9.2": ("Cukup", "Fair"),
    "ikm.answer.u9.3": ("Baik", "Good"),
    "ikm.answer.u9.4": ("Sangat baik", "Very good"),
    # --- grades (mutu pelayanan) and the engine's words ---
    "ikm.grade": ("Mutu pelayanan", "Service quality"),
    "ikm.grade.A": ("Sangat Baik", "Very good"),
    "ikm.grade.B": ("Baik", "Good"),
    "ikm.grade.C": ("Kurang Baik", "Poor"),
    "ikm.grade.D": ("Tidak Baik", "Very poor"),
    "ikm.band.A": ("88,31–100", "88.31–100"),
    "ikm.band.B": ("76,61–88,30", "76.61–88.30"),
    "ikm.band.C": ("65,00–76,60", "65.00–76.60"),
    "ikm.band.D": ("25,00–64,99", "25.00–64.99"),
    "ikm.ikm": ("IKM", "IKM"),
    "ikm.period": ("Periode", "Period"),
    "ikm.respondents": ("Responden", "Respondents"),
    "ikm.sample.population": ("Pengguna layanan (N)", "Service users (N)"),
    "ikm.sample.minimum": ("Sampel minimum", "Minimum sample"),
    "ikm.sample.help": (
        "Rumus Krejcie-Morgan dari jumlah pengguna layanan pada periode ini (N = 1.000 → 278).",
        "The Krejcie-Morgan formula from the number of service users in the period (N = 1,000 → 278).",
    ),
    "ikm.sample.ok": (
        "{n} responden dari {population} pengguna layanan; sampel minimum {minimum} terpenuhi.",
        {
            "one": "{n} respondent out of {population} service users; the minimum sample of {minimum} is met.",
            "other": "{n} respondents out of {population} service users; the minimum sample of {minimum} is met.",
        },
    ),
    "ikm.sample.short": (
        "Baru {n} responden dari {population} pengguna layanan: kurang dari sampel minimum {minimum}. "
        "Hasilnya belum mewakili.",
        {
            "one": "Only {n} respondent out of {population} service users: fewer than the minimum sample of {minimum}. The result is not yet representative.",
            "other": "Only {n} respondents out of {population} service users: fewer than the minimum sample of {minimum}. The result is not yet representative.",
        },
    ),
    "ikm.sample.unknown": (
        "Jumlah pengguna layanan belum diisi, sehingga kecukupan sampel belum dapat dinilai.",
        "The number of service users has not been entered, so the sample cannot be checked.",
    ),
    "ikm.sample.unknown_hint": (
        "Jumlah pengguna layanan (N) untuk periode ini belum diisi di halaman Populasi & sampel.",
        "The number of service users (N) for this period is not yet entered on the Population & sample page.",
    ),
    "ikm.profile.unknown": ("Tidak diisi", "Not given"),
}
