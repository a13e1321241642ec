# The complaint number's prefix (шағым, "complaint"): one prefix in every language, so a number reads the
# same to the citizen, the contact centre and the reviewer. Numbers are for people; URLs use the UUID.
NUMBER_PREFIX = "Ш"
