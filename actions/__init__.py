"""Custom actions for the rasa-sdk action server (`rasa run actions --actions actions`).

One module per concern; nothing here does I/O at import time.
"""
