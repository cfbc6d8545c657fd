"""Placeholder replaced by the helper that owns this module."""

from ninja import Router

router = Router()
