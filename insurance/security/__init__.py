"""Security for personal and health data (issue 7): headers, staff second factor, admin login limits, the
access log, signed documents. Personal Data Law art. 8; A1.9 ground 5 (restricted personal data)."""
