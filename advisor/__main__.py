"""``python -m advisor``: the command line (:func:`advisor.cli.end` says how each command ends the process)."""

import sys

from advisor.cli import end, main

end(main(), sys.argv[1:])
