"""One family of errors. Every message is Italian and says what to do.

* :class:`XlperfError` and its subclasses are the user's to fix (bad input, a file in the way,
  a missing piece of the installation): the CLI prints the message and exits 2;
* anything else reaching ``main()`` is a bug of ours: exit 3.
"""

from __future__ import annotations


class XlperfError(Exception):
    """A problem the user can fix; printed as is, exit code 2."""


class UserError(XlperfError):
    """A command refused as asked: a missing file, an unknown format, an option that does not apply."""


class WorkbookError(XlperfError):
    """A workbook cannot be written or rewritten as asked; nothing was changed."""


class RefreshError(WorkbookError):
    """Refresh refused; the message is Italian and the file is untouched."""


class CollectError(XlperfError):
    """Distribution or collection cannot start (the master has errors, is an area copy, …); nothing written."""


class TooLarge(XlperfError):
    """A sheet whose cells would make any reader allocate too much (a cell far from the data);
    the workbook readers report it as a problem at the file."""


class InstallationError(XlperfError):
    """xlperf's installation lacks a piece it needs (e.g. the VBA sources)."""
