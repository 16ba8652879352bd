"""Alembic environment and revisions, plus helpers to run them from the app and the CLI."""
