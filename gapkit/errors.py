"""One family for the errors gapkit reports to a user.

Every error a user can cause or meet (a file that cannot be read, a citation that is not one, a text that is
not the act it is said to be, a save that came second) is a :class:`GapkitError`: its message says what is
wrong and where, in words a user can act on. The command line catches the family once and ends with
``exit_code``; the web app catches it once and shows the message on a page. Anything else is a bug.
"""

from __future__ import annotations


class GapkitError(Exception):
    """An error told to the user as it is, never as a traceback.

    >>> class Late(GapkitError):
    ...     exit_code = 1
    >>> e = Late("the proposal was saved by someone else first")
    >>> isinstance(e, GapkitError), e.exit_code, str(e)
    (True, 1, 'the proposal was saved by someone else first')
    """

    #: what ``gapkit`` exits with: 2 for a problem with what was given (a file, an argument, a workspace)
    exit_code: int = 2
