"""``make bench``: the portal's figures at national scale, measured side by side in one run (issue 5)."""
