"""`python -m forum_sync` runs the command line."""

import sys

from forum_sync.cli import main

sys.exit(main())
