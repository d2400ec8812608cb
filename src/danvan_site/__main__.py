"""``python -m danvan_site``: the command line (the same as the ``danvan-site`` command)."""
from danvan_site.cli import run

run()
