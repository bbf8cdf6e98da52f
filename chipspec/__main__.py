"""``python -m chipspec`` and the ``chipspec`` command (pyproject's console script)."""

import os


def main() -> None:
    """Run the command line.

    numpy's OpenBLAS starts a pool of threads when numpy is imported, one per core, which
    spin while they wait; chipspec calls no BLAS routine (its engine works element-wise on
    columns), so on the command's short runs the pool only burns CPU: ``compare`` used
    12-27% less CPU with one thread (docs/performance.md). A value the user has set is
    kept, and the library (``import chipspec``) leaves the environment alone.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from .cli import run

    run()


if __name__ == "__main__":
    main()
