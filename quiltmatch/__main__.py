"""``python -m quiltmatch``: see :mod:`quiltmatch.cli`."""

import sys

from quiltmatch.cli import main

sys.exit(main())
