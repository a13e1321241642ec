from . import payments, people, reference, requests, service_level  # noqa: F401  (registers the admin classes)
