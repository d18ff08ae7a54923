"""``python -m pipeline`` runs the ``baocao`` command."""

from pipeline.cli import main

main()
