"""Analyses that combine the store and the models into answers (views, risk, checks)."""
