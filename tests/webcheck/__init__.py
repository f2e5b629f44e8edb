"""Helpers that check a built site with the web's own tools: vnu, axe-core in Chromium,
feedparser, an XML parser for the sitemap, and a link checker over the output folder."""
