-- A company's first SEC filing (the oldest filing date in its submissions document: filings.recent.filingDate and
-- the filingFrom of each older page in filings.files), YYYY-MM-DD; NULL when the submissions fetch failed or was
-- skipped. The BIS narrow zombie measure counts a firm at least ten years old by it.
ALTER TABLE fundamentals ADD COLUMN first_filing_date TEXT;
