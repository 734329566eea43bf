"""The staff console: sign-in and sessions, the pages, and their templates."""
