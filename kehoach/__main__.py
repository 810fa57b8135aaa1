"""``python -m kehoach``: the same process as the ``kehoach`` console script."""
from ._entry import main

main()
