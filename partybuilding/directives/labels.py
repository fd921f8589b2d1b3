"""How the codes inside the documents' rules read on the rules page (the kinds carry their own
names: `kinds.py`)."""

from . import kinds  # noqa: F401 (registers the kinds' labels)
