"""Exceptions of the project. Each carries a message meant for the user."""


class GeoDashError(Exception):
    """Base class: anything the command line or the page shows as a plain message."""


class EventFileError(GeoDashError):
    """An events file cannot be read at all (missing file, missing columns, not a CSV)."""


class ArgumentError(GeoDashError):
    """A filter or command-line argument is not valid (bad date, unknown level or type)."""


class OfflineAssetError(GeoDashError):
    """A map needs a JavaScript/CSS file that the app does not serve itself."""
