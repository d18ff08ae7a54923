"""Data builders for demonstrations and benchmarks, never imported by a run.

The sample inbox (Báo cáo 419/BC-UBND's figures split over Ngọc Hồi's units) and
synthetic province inboxes, both drawn through the real template code.
"""
