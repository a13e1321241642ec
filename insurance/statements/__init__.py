"""The Appendix-2 statement and the refusal as documents: snapshot rows, numbers, codes, QR and PDF."""
