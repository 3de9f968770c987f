"""The query layer must not know either face: importing it loads neither."""

import subprocess
import sys


def test_query_layer_imports_neither_starlette_nor_strawberry() -> None:
    code = (
        "import sys, api.query\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'strawberry'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
