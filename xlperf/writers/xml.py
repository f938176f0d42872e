"""The one way our package writers put values into XML: escaped text, finite numbers.

Every text goes through :func:`text` / :func:`attr` (XML escaping, and the control characters XML
1.0 forbids removed); every number through :func:`number` (plain Python formatting of ints and
floats, numpy scalars included, never ``repr()`` of a numpy value; NaN and infinities refused:
a cell with ``NaN`` is a file Excel repairs).
"""

from __future__ import annotations

import math
import numbers
import re
from xml.sax.saxutils import escape, quoteattr

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class XmlValueError(TypeError):
    """A value that has no place in an OOXML part (NaN, infinity, an object): a bug of ours."""


def clean(value: object) -> str:
    return _ILLEGAL.sub("", str(value))


def text(value: object) -> str:
    """Element content: ``a < b & c`` -> ``a &lt; b &amp; c``."""
    return escape(clean(value))


def attr(value: object) -> str:
    """A quoted attribute value, quotes included: ``x="1"`` is written ``f'x={attr(v)}'``."""
    return quoteattr(clean(value))


def number(value: object) -> str:
    """An int or a finite float as OOXML writes it (``97``, ``0.9734``, ``1e-05``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise XmlValueError(f"not a number: {value!r}")
    if isinstance(value, numbers.Integral):
        return str(int(value))
    f = float(value)
    if not math.isfinite(f):
        raise XmlValueError(f"not a finite number: {value!r}")
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)
