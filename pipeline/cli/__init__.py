"""The ``baocao`` command line: options in, one library call, a message and an exit code out.

In: the user's options and arguments. Out: a :class:`~pipeline.settings.Settings` handed to
the library, and one Vietnamese line per outcome or error with exit code 0, 1 (``--strict``)
or 2 (usage, configuration or machine fault). One module per command; nothing else in the
package prints or exits.
"""

from typing import NoReturn


def main() -> NoReturn:
    from pipeline.cli.app import main as run_app

    run_app()
