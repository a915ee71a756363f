"""The words of the demo complaints: areas per district, complaint texts per category, forum
aspirations, replies and reply templates (Bahasa Indonesia, as citizens and officers write them)."""

AREAS = {
    "WGR": ["Kampung Wanggar Pantai", "Kampung Wanggar Sari", "Kampung Kalisemen", "Kampung Karadiri",
            "Kampung Yaro", "Kampung Wiraska"],
    "WLS": ["Kampung Walesi", "Kampung Yumugima", "Kampung Hitugi", "Kampung Ibele", "Kampung Wiaima"],
    "TGS": ["Kelurahan Pondok Aren", "Kelurahan Ciputat", "Kelurahan Serpong", "Kelurahan Pamulang Barat",
            "Kelurahan Bintaro", "Kelurahan Setu", "Kelurahan Rawa Buntu", "Kelurahan Jurang Mangu"],
    "SWL": ["Desa Kubang Tangah", "Kelurahan Saringan", "Desa Santur", "Desa Talawi Mudik", "Kelurahan Lubang Panjang",
            "Desa Muaro Kalaban"],
    "GYG": ["Kelurahan Gayungan", "Kelurahan Ketintang", "Kelurahan Menanggal", "Kelurahan Dukuh Menanggal"],
}  # fmt: skip

# Per category: (title, description) with {area}, {weeks}, {service} slots.
TEXTS = {
    "adminduk": [
        (
            "KTP-el belum jadi setelah {weeks} minggu",
            "Saya merekam KTP-el {weeks} minggu lalu di {area}, tetapi sampai sekarang belum bisa diambil. Setiap "
            "datang dikatakan blangko habis. Mohon kepastian kapan selesai.",
        ),
        (
            "Kartu Keluarga salah cetak nama anak",
            "Nama anak kedua di Kartu Keluarga tertulis salah. Sudah lapor dua kali tetapi diminta kembali minggu "
            "depan terus. Perlu untuk pendaftaran sekolah.",
        ),
        (
            "Akta kelahiran anak belum terbit",
            "Berkas akta kelahiran sudah lengkap dan diserahkan {weeks} minggu lalu, belum ada kabar. Anak perlu akta "
            "untuk daftar sekolah.",
        ),
        (
            "Antrean layanan Dukcapil terlalu panjang",
            "Warga datang sejak pagi tetapi nomor antrean hanya dibagi sedikit dan habis sebelum jam 9. Mohon ditambah "
            "petugas atau antrean daring.",
        ),
        (
            "Data kependudukan tidak sinkron",
            "NIK saya tidak terbaca di sistem BPJS karena data di Dukcapil belum diperbarui setelah pindah ke {area}.",
        ),
    ],
    "perizinan": [
        (
            "Izin usaha (NIB) belum terbit",
            "Saya mengurus NIB untuk usaha kios di {area} sudah {weeks} minggu. Berkas sudah lengkap, tetapi status di "
            "loket masih 'diproses'. Mohon kejelasan.",
        ),
        (
            "Persyaratan izin usaha mikro tidak jelas",
            "Petugas meminta dokumen yang tidak ada di daftar persyaratan. Mohon daftar syarat izin usaha mikro "
            "ditempel di loket dan dijelaskan dengan jelas.",
        ),
        (
            "Diminta biaya tambahan saat mengurus izin",
            "Saat mengurus surat keterangan usaha ada oknum yang meminta uang pelicin agar cepat selesai. Setahu saya "
            "layanan ini gratis.",
        ),
        (
            "Sistem OSS sulit diakses pelaku usaha kecil",
            "Banyak pedagang di {area} tidak bisa mengisi OSS sendiri dan tidak ada pendampingan di kantor.",
        ),
        (
            "Izin keramaian untuk acara kampung lambat",
            "Permohonan izin keramaian untuk acara syukuran kampung belum ada jawaban padahal acara minggu depan.",
        ),
    ],
    "kesehatan": [
        (
            "Obat di puskesmas sering kosong",
            "Sudah tiga kali berobat ke puskesmas, obat yang diresepkan selalu kosong dan disuruh beli di luar.",
        ),
        (
            "Pelayanan rawat jalan lambat",
            "Menunggu lebih dari tiga jam untuk rawat jalan. Petugas pendaftaran hanya satu orang.",
        ),
        (
            "Sistem informasi puskesmas sering gangguan",
            "Pendaftaran pasien sering terhenti karena aplikasi puskesmas error, antrean jadi sangat panjang.",
        ),
        (
            "Jadwal imunisasi anak berubah tanpa pemberitahuan",
            "Posyandu di {area} batal imunisasi tanpa pemberitahuan, ibu-ibu sudah datang membawa bayi.",
        ),
    ],
    "bansos": [
        (
            "Bantuan sosial tidak diterima padahal terdaftar",
            "Nama saya ada di daftar penerima di kantor {area}, tetapi bantuan tidak pernah sampai.",
        ),
        (
            "Data penerima bansos tidak tepat sasaran",
            "Beberapa keluarga mampu di {area} menerima bantuan, sedangkan janda lansia tidak terdaftar.",
        ),
        (
            "Pencairan bantuan menjelang Lebaran terlambat",
            "Bantuan yang dijanjikan sebelum Lebaran belum cair. Mohon informasi jadwal pencairan.",
        ),
    ],
    "infrastruktur": [
        (
            "Jalan rusak berlubang di {area}",
            "Jalan utama di {area} berlubang besar dan sudah beberapa kali menyebabkan pengendara motor jatuh.",
        ),
        (
            "Jembatan kayu penghubung kampung lapuk",
            "Jembatan kayu di {area} sudah lapuk dan berbahaya dilewati anak sekolah.",
        ),
        (
            "Lampu penerangan jalan mati",
            "Lampu jalan di {area} mati sudah {weeks} minggu, daerah jadi gelap dan rawan.",
        ),
        (
            "Saluran air tersumbat saat hujan",
            "Drainase di {area} tersumbat sehingga air meluap ke rumah warga setiap hujan deras.",
        ),
    ],
    "layanan_umum": [
        (
            "Surat keterangan domisili lama diproses",
            "Mengurus surat keterangan domisili di kantor sudah {weeks} minggu belum selesai, "
            "padahal dijanjikan sehari.",
        ),
        (
            "Petugas loket sering tidak ada di tempat",
            "Beberapa kali datang pada jam kerja tetapi petugas loket tidak ada dan tidak ada pengganti.",
        ),
        (
            "Legalisasi dokumen dibatasi kuota harian",
            "Legalisasi hanya dilayani sepuluh berkas per hari, warga harus datang berulang kali.",
        ),
    ],
    "perilaku_petugas": [
        (
            "Petugas bersikap kasar kepada warga",
            "Petugas di loket membentak warga lansia yang kurang paham persyaratan. Mohon dibina.",
        ),
        (
            "Ada pungutan tidak resmi di loket",
            "Warga diminta membayar untuk mempercepat pelayanan yang seharusnya gratis.",
        ),
    ],
    "layanan_digital": [
        (
            "Aplikasi pengaduan tidak bisa mengunggah foto",
            "Saat melapor lewat aplikasi, unggah foto selalu gagal sehingga laporan tidak lengkap.",
        ),
        (
            "Laporan daring tidak ada tanggapan",
            "Saya sudah melapor lewat formulir daring {weeks} minggu lalu, tidak ada tanggapan sama sekali.",
        ),
        (
            "Wi-Fi publik di kantor pelayanan mati",
            "Jaringan internet publik di kantor pelayanan {area} tidak berfungsi; warga tidak bisa mengisi "
            "formulir daring.",
        ),
        (
            "Situs layanan sering tidak bisa dibuka",
            "Situs layanan informasi publik sering tidak bisa diakses pada jam kerja.",
        ),
    ],
    "lingkungan": [
        (
            "Sampah menumpuk di pinggir jalan",
            "Sampah di {area} tidak diangkut lebih dari seminggu dan menimbulkan bau.",
        ),
        (
            "Pembakaran sampah mengganggu warga",
            "Ada pembakaran sampah setiap sore di {area}, asapnya masuk ke rumah warga.",
        ),
    ],
    "lainnya": [
        (
            "Usulan papan informasi layanan",
            "Mohon dipasang papan informasi jam layanan dan persyaratan di depan kantor agar warga tidak bolak-balik.",
        ),
    ],
}
# Aspirations heard at forums and outreach visits.
ASPIRATIONS = [
    ("Usulan pelatihan komputer untuk pemuda kampung",
     "Dalam pertemuan warga di {area}, pemuda meminta pelatihan komputer dan internet agar bisa mengurus "
     "layanan daring."),
    ("Usulan jadwal layanan keliling ke kampung",
     "Warga {area} mengusulkan layanan Dukcapil keliling sebulan sekali karena jarak ke kantor jauh."),
    ("Usulan perbaikan jalan menuju pasar",
     "Musyawarah warga {area} mengusulkan perbaikan jalan menuju pasar agar hasil kebun mudah dijual."),
]  # fmt: skip
REPLIES = {
    "follow_up": [
        "Terima kasih atas laporannya. Unit kami sudah memeriksa dan menindaklanjuti; {detail}",
        "Laporan sudah kami tindak lanjuti: {detail} Mohon kabari kami bila masih ada kendala.",
    ],
    "detail": {
        "adminduk": "dokumen Bapak/Ibu sudah dicetak dan dapat diambil di loket dengan membawa tanda terima.",
        "perizinan": "berkas izin usaha sudah diverifikasi dan NIB diterbitkan; silakan cek di loket perizinan.",
        "kesehatan": "stok obat dan jadwal petugas sudah diperbaiki bersama kepala puskesmas.",
        "bansos": "data penerima sudah dicek ulang dan diusulkan dalam pemutakhiran berikutnya.",
        "infrastruktur": "tim sudah meninjau lokasi dan perbaikan dijadwalkan dalam dua minggu.",
        "layanan_umum": "surat sudah selesai dan petugas pengganti dijadwalkan di loket.",
        "perilaku_petugas": "petugas yang bersangkutan sudah dibina oleh atasannya.",
        "layanan_digital": "gangguan aplikasi sudah diperbaiki oleh tim pengelola.",
        "lingkungan": "jadwal pengangkutan sampah sudah ditambah.",
        "lainnya": "usulan sudah diteruskan kepada pimpinan.",
    },
}
TEMPLATES = [
    (None, "forwarded", "Diteruskan ke unit",
     "Laporan {tracking_id} sudah diteruskan ke {unit}. Unit akan memberikan tindak lanjut paling lambat lima hari "
     "kerja."),
    (None, "in_follow_up", "Tindak lanjut umum",
     "Terima kasih atas laporan {tracking_id}. Kami sudah menindaklanjuti sebagai berikut: ... Bila dalam sepuluh "
     "hari kerja tidak ada tanggapan, laporan dianggap selesai."),
    ("adminduk", "in_follow_up", "Dokumen kependudukan siap diambil",
     "Dokumen kependudukan terkait laporan {tracking_id} sudah selesai dan dapat diambil di loket {unit} pada jam "
     "layanan dengan membawa tanda terima."),
    ("perizinan", "in_follow_up", "Izin usaha sudah diproses",
     "Permohonan izin usaha terkait laporan {tracking_id} sudah diverifikasi. NIB dapat diunduh melalui OSS atau "
     "diambil di loket {unit}."),
    (None, "done", "Penanganan selesai",
     "Penanganan laporan {tracking_id} sudah selesai. Terima kasih telah membantu kami memperbaiki layanan."),
    (None, "not_authority", "Bukan wewenang",
     "Laporan {tracking_id} bukan kewenangan kami. Silakan menyampaikannya kepada instansi berikut: ..."),
    (None, "postponed", "Menunggu kelengkapan",
     "Penanganan laporan {tracking_id} kami tunda sementara karena menunggu kelengkapan data dari pelapor."),
    ("perilaku_petugas", "in_follow_up", "Pembinaan petugas",
     "Laporan {tracking_id} sudah ditindaklanjuti: petugas yang bersangkutan telah dibina oleh atasannya."),
]  # fmt: skip
