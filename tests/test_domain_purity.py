"""The domain layer imports neither Django nor the database, and starts without statsmodels."""

import subprocess
import sys


def test_the_domain_imports_no_django_and_no_statsmodels():
    code = ("import sys, pkgutil, importlib, ivb.domain\n"
            "for m in pkgutil.iter_modules(ivb.domain.__path__): importlib.import_module('ivb.domain.' + m.name)\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('django', 'statsmodels')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
