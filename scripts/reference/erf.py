#!/usr/bin/env python3
"""Reference values of erf and erfc for src/activation/erf.ts.

Writes test/golden/erf.json: x with Python's math.erf(x) and math.erfc(x) (the C library's, here
glibc's), each checked to be within 3 ulp of mpmath at 40 digits so that a wrong reference cannot
slip in (glibc's erfc is off by up to about 2.1 ulp, a relative error under 3e-16).
Regenerate with:
    /usr/bin/python3 scripts/reference/erf.py
"""

import json
import math
import sys
from pathlib import Path

import mpmath

OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "erf.json"
mpmath.mp.dps = 40

# Every region of the implementation and its seams (0.75, 27.3), tiny and huge x.
MAGNITUDES = sorted(set(
    [0.0, 5e-324, 1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3]
    + [round(k * 0.05, 2) for k in range(1, 121)]          # 0.05 … 6
    + [0.7499999999999999, 0.75, 0.7500000000000001, 1.9999999999999998, 2.0000000000000004]
    + [k * 0.5 for k in range(13, 60)]                     # 6.5 … 29.5
    + [27.2, 27.25, 27.3, 1e3, 1e30, 1e300]
    + [0.123456789, 0.987654321, 1.5707963267948966, 3.141592653589793, 4.4, 5.921875]
))
XS = sorted(set(MAGNITUDES + [-m for m in MAGNITUDES if m != 0.0]))


def exact_values(x):
    if abs(x) > 1e3:  # mpmath's erfc overflows on 1e300; erf is ±1 and erfc 0 or 2 long before
        return math.copysign(1.0, x), 1.0 - math.copysign(1.0, x)
    return mpmath.erf(x), mpmath.erfc(x)


def ulp_error(value, exact):
    if exact == 0:
        return 0.0 if value == 0 else math.inf
    return abs(mpmath.mpf(value) - exact) / math.ulp(float(exact))


def main():
    rows = []
    for x in XS:
        erf_value, erfc_value = math.erf(x), math.erfc(x)
        for value, exact in zip((erf_value, erfc_value), exact_values(x)):
            if ulp_error(value, exact) > 3:
                sys.exit(f"math.erf/erfc({x!r}) = {value!r} is more than 3 ulp from {exact}")
        rows.append([x, erf_value, erfc_value])
    document = {
        "generatedBy": "scripts/reference/erf.py",
        "reference": f"Python {sys.version.split()[0]} math.erf / math.erfc, within 3 ulp of mpmath",
        "columns": ["x", "erf", "erfc"],
        "rows": rows,
    }
    text = "{\n" + ",\n".join(
        f' {json.dumps(key)}: {json.dumps(value)}' for key, value in document.items() if key != "rows"
    ) + ',\n "rows": [\n' + ",\n".join("  " + json.dumps(row) for row in rows) + "\n ]\n}\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
