"""Exceptions of the project. Each carries a message meant for the user."""

from geo.i18n import SOURCE_LANGUAGE, number, t


class Count(int):
    """A whole number in an error's message, written as each language writes numbers: 17,179,869,184
    cells in English, 17.179.869.184 celdas in Spanish (:meth:`GeoDashError.said`)."""


class GeoDashError(Exception):
    """Base class: anything the command line or the page shows as a plain message.

    The message is English; an error that can be told in another language is given ``told``,
    ``told(lang)`` -> its message in ``lang`` (the page shows :meth:`told`).
    """

    def __init__(self, message: str, told=None):
        super().__init__(message)
        self._told = told

    def told(self, lang: str) -> str:
        """The message in ``lang`` where the error knows it, else in English."""
        return self._told(lang) if self._told else str(self)

    @classmethod
    def said(cls, template: str, **values):
        """The error whose message is ``template``, a text of the catalogue (geo/i18n/locale), with its
        ``{placeholders}`` filled from ``values``: told in either language, a :class:`Count` written
        as the language writes numbers (1,024 or 1.024)."""

        def told(lang: str) -> str:
            return t(
                template,
                lang,
                **{name: number(value, lang) if isinstance(value, Count) else value for name, value in values.items()},
            )

        return cls(told(SOURCE_LANGUAGE), told=told)


class EventFileError(GeoDashError):
    """An events file cannot be read at all (missing file, missing columns, not a CSV)."""


class ArgumentError(GeoDashError):
    """A filter or command-line argument is not valid (bad date, unknown level or type)."""


class OfflineAssetError(GeoDashError):
    """A map needs a JavaScript/CSS file that the app does not serve itself."""
