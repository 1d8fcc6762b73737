"""The one exception type for mistakes a user can make (bad paths, bad input lines).

The CLI turns it into a single line on stderr and exit status 2; anything else
is a bug and keeps its traceback.
"""


class AnnotatorError(Exception):
    """A problem with the user's input or settings, with a message meant for a person."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
