"""The HD 11 statistical forms at national scale (the work is in bench/statistical_forms.py):

    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55460 scripts/with-postgres.sh .venv/bin/python bench/statistics.py --scale 0.01 --members 55000  # smoke, ~2 min
    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55460 scripts/with-postgres.sh .venv/bin/python bench/statistics.py                                # national
    .venv/bin/python bench/statistics.py --help

The standard library has a module named `statistics`, and bench/ comes first on `sys.path`
when one of its scripts runs: imported under that name (Django's SQLite backend imports it),
this file puts the standard library's module in its place."""

import sys

if __name__ == "__main__":
    import statistical_forms

    statistical_forms.main()
else:
    import importlib.util
    import sysconfig
    from pathlib import Path

    _spec = importlib.util.spec_from_file_location(__name__, Path(sysconfig.get_paths()["stdlib"]) / "statistics.py")
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[__name__] = _module  # the import returns what sys.modules holds once this file has run
    _spec.loader.exec_module(_module)
