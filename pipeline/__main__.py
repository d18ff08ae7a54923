"""``python -m pipeline`` runs the ``baocao`` command."""

from pipeline.cli.app import main

main()
