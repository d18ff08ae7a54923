"""The default report template's fixed text in English (``--lang en``), keyed by its Vietnamese.

Only the words change: the layout, the placeholders and the order of the sections are
those of the Vietnamese template, so a partner reads the same document. A test builds the
English template and finds no Vietnamese letter outside the placeholders.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "Số: {{ number }}/{{ doc_code }}": "No.: {{ number }}/{{ doc_code }}",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "SOCIALIST REPUBLIC OF VIET NAM",
    "Độc lập - Tự do - Hạnh phúc": "Independence - Freedom - Happiness",
    "STT": "No.",
    "Chỉ tiêu": "Indicator",
    "Đơn vị tính": "Unit",
    "So với các kỳ trước": "Compared with earlier periods",
    "Mã": "Code",
    "Mục tiêu": "Target",
    "Kết quả": "Result",
    "Đánh giá": "Assessment",
    "BÁO CÁO": "REPORT",
    "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN {{ subject|upper }}": "I. IMPLEMENTATION AND RESULTS: {{ subject|upper }}",
    "I. TÌNH HÌNH VÀ KẾT QUẢ TRIỂN KHAI THỰC HIỆN PHÁP LUẬT VỀ BẢO VỆ TRẺ EM VÀ BÌNH ĐẲNG GIỚI": (
        "I. IMPLEMENTATION AND RESULTS OF THE LAWS ON CHILD PROTECTION AND GENDER EQUALITY"
    ),
    "1. Công tác chỉ đạo, thực hiện": "1. Direction and implementation",
    "[Cán bộ soạn thảo viết: các văn bản chỉ đạo, kế hoạch đã ban hành trong kỳ.]": (
        "[Drafting officer: the directives and plans issued during the period.]"
    ),
    "2. Lồng ghép {{ subject }} vào kế hoạch phát triển kinh tế - xã hội": (
        "2. {{ subject|capitalize }} in the socio-economic development plans"
    ),
    "2. Lồng ghép vấn đề bảo vệ chăm sóc trẻ em và bình đẳng giới vào kế hoạch phát triển kinh tế - xã hội": (
        "2. Child protection and gender equality in the socio-economic development plans"
    ),
    "[Cán bộ soạn thảo viết: việc lồng ghép trong chiến lược, quy hoạch, kế hoạch của địa phương.]": (
        "[Drafting officer: how they were built into local strategies, master plans and plans.]"
    ),
    "3. Công tác tuyên truyền, phổ biến, giáo dục chính sách pháp luật": "3. Awareness raising and legal education",
    "[Cán bộ soạn thảo viết: các hình thức tuyên truyền đã thực hiện.]": (
        "[Drafting officer: the awareness activities carried out.]"
    ),
    "4. Đào tạo, bồi dưỡng đội ngũ cán bộ": "4. Training of officials",
    "[Cán bộ soạn thảo viết: các lớp tập huấn, bồi dưỡng trong kỳ.]": (
        "[Drafting officer: the training courses of the period.]"
    ),
    "5. Công tác kiểm tra": "5. Inspections",
    "[Cán bộ soạn thảo viết: kết quả kiểm tra, tự kiểm tra tại các cơ quan, đơn vị cấp xã.]": (
        "[Drafting officer: results of inspections and self-inspections in agencies and commune-level units.]"
    ),
    "6. Kết quả thực hiện các mục tiêu, chỉ tiêu về bình đẳng giới": "6. Gender-equality goals and targets",
    "+ Lĩnh vực kinh tế, lao động, việc làm: {{ sentence.economy }}": (
        "+ Economy, labour and jobs: {{ sentence.economy }}"
    ),
    "+ Lĩnh vực giáo dục và đào tạo: {{ sentence.education }}": "+ Education and training: {{ sentence.education }}",
    "+ Lĩnh vực gia đình: {{ sentence.family }}": "+ Family: {{ sentence.family }}",
    "{{ stt }}. Công tác thường xuyên": "{{ stt }}. Regular work",
    "{{ stt }}.1. Chế độ báo cáo: {{ reporting }}": "{{ stt }}.1. Reporting: {{ reporting }}",
    "{{ stt }}.2. Tổ chức, bộ máy và kinh phí hoạt động: {{ sentence.staffing }}": (
        "{{ stt }}.2. Staffing and budget: {{ sentence.staffing }}"
    ),
    "{{ stt + 1 }}. So sánh với các kỳ trước": "{{ stt + 1 }}. Compared with earlier periods",
    "II. ĐÁNH GIÁ CHUNG": "II. OVERALL ASSESSMENT",
    "1. Ưu điểm": "1. Strengths",
    "[Cán bộ soạn thảo viết: những kết quả nổi bật.]": "[Drafting officer: the main achievements.]",
    "2. Khó khăn, hạn chế": "2. Difficulties and shortcomings",
    "[Cán bộ soạn thảo viết: khó khăn, hạn chế và nguyên nhân.]": (
        "[Drafting officer: difficulties, shortcomings and their causes.]"
    ),
    "III. NHIỆM VỤ CÔNG TÁC {{ next_period|upper }}": "III. TASKS FOR THE {{ next_period|upper }}",
    "[Cán bộ soạn thảo viết: các nhiệm vụ trọng tâm của kỳ tới.]": (
        "[Drafting officer: the main tasks of the next period.]"
    ),
    "Trên đây là Báo cáo {{ issuer_name }} về tình hình thực hiện {{ subject }} {{ period }}./.": (
        "This is the report of {{ issuer_name }} on {{ subject }} in the {{ period }}./."
    ),
    "Nơi nhận:": "Recipients:",
    "- Lưu: {{ archive }}.": "- Filed: {{ archive }}.",
    "Phụ lục": "Appendix",
    "SỐ LIỆU TỔNG HỢP {{ period|upper }}": "AGGREGATED FIGURES, {{ period|upper }}",
    "(Kèm theo Báo cáo số {{ number or '…' }}/{{ doc_code }} ngày {{ date_short }} của {{ issuer_name }}"
    "{% if scope %} về {{ subject }}{% endif %})": (
        "(Attached to Report No. {{ number or '…' }}/{{ doc_code }} of {{ date_short }} by {{ issuer_name }}"
        "{% if scope %} on {{ subject }}{% endif %})"
    ),
}
