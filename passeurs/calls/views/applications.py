"""Placeholder replaced by the helper that owns this module."""

urls: list = []
