"""``python -m advisor``: the command line.

``ask`` and ``faq`` only read the index, and have written everything (stdout, the FAQ file) when
``main`` returns, so they end the process at once: the native libraries' teardown at interpreter
exit (Chroma's and torch's thread pools) took about 5 s after the answer was printed, and an
abandoned LLM call must not hold the exit either. Commands that write the index (also an ``ask``
that built it on first run) exit normally.
"""

import os
import sys

from advisor import cli
from advisor.cli import FAST_EXIT_COMMANDS, main

code = main()
if sys.argv[1:2] and sys.argv[1] in FAST_EXIT_COMMANDS and not cli.wrote_index:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
