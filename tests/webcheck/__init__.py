"""Helpers that check a built site with the web's own tools."""
