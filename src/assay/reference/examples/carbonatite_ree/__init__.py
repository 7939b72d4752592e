"""Illustrative carbonatite rare-earth tract: see README.md in this folder."""
