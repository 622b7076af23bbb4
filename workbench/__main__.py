"""``python -m workbench`` is the same as the ``workbench`` console script."""

from workbench.cli import main

main()
