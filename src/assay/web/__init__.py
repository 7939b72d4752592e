"""The web app (FastAPI): server-rendered pages, each with a JSON twin."""
