"""The ``baocao`` command line."""


def main() -> None:
    from pipeline.cli.app import main as run_app

    run_app()
