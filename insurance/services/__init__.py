"""Services: every write of the statement service goes through here (CONVENTIONS 1).

Views, admin, tasks, commands and the API call these functions; none re-implements them.
"""
