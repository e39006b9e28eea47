"""The assistant's own Python package: settings, spaCy pipeline, channels, evaluation, CLI."""
