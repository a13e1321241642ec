"""Citizen authentication (R4, A1.8, A1.10): SMS one-time passwords, EDS signatures, their limits.

- ``otp``: issue and verify 6-digit codes sent by SMS (purpose "login" or "request").
- ``eds``: single-use challenges and XML-DSig verification against the trusted CA bundle.
- ``limits``: rate limits and re-send cooldowns kept in the cache (Redis in production).
- ``demo_signer``: the DEBUG-only stand-in for NCALayer, with a demo CA under VAR_DIR/demo-eds/.
"""
