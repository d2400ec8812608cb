"""``python -m danvan_site``: the command line (the same as the ``danvan-site`` command)."""
import sys

from danvan_site.cli import main

sys.exit(main())
