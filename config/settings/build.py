"""Only for building the image (collectstatic, compiling translations): never serves a request."""

from .base import *  # noqa: F403

SECRET_KEY = "image-build-only"  # noqa: S105 - no request is ever served with these settings
