"""Command-line commands, one file per module; `manage.py` adds those the registry names."""
