"""Getting files in, before anyone parses them.

In: an inbox folder, a folder of e-mails, an mbox file or an IMAP mailbox. Out: the
inbox's files with when they arrived, attachments saved under safe names, receipts in
the submission ledger, and the safety preflight that refuses empty, foreign, damaged or
hostile files before any spreadsheet parser sees their bytes. Every file received ends in
exactly one :class:`~pipeline.intake.outcomes.FileOutcome`.
"""
