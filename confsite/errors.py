"""Errors a user can fix: each names the file, the line, what is wrong and what to write instead."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class SiteError:
    """One problem in the site's input, located at `path:line:column` (path relative to the site).

    A warning is printed but does not fail the build, unless the build is run with --strict.
    """

    path: str
    line: int | None
    message: str
    hint: str = ""
    column: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        kind = "warning" if self.warning else "error"
        text = f"{where}: {kind}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def warning(path: str, line: int | None, message: str, hint: str = "", column: int | None = None) -> SiteError:
    """A problem worth fixing that does not stop the build (unless --strict)."""
    return SiteError(path, line, message, hint, column, warning=True)


class BuildFailed(Exception):
    """Raised with every error of a stage at once (and the warnings found so far); nothing has been written."""

    def __init__(self, errors: list[SiteError], warnings: list[SiteError] | tuple = ()):
        self.errors = sort_errors(errors)
        self.warnings = sort_errors(warnings)
        super().__init__("\n".join(str(e) for e in self.errors))


def sort_errors(errors) -> list[SiteError]:
    """Errors without duplicates, sorted by file, line and column."""
    return sorted(set(errors), key=_sort_key)


def _sort_key(error: SiteError):
    return (error.path, error.line or 0, error.column or 0, error.message)


@dataclass
class Problems:
    """Collects the errors and warnings of a build so that all of them are reported together.

    With `strict`, every warning is recorded as an error.
    """

    errors: list[SiteError] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)
    strict: bool = False

    def add(self, path: str, line: int | None, message: str, hint: str = "", column: int | None = None) -> None:
        """Record one error."""
        self.errors.append(SiteError(path, line, message, hint, column))

    def warn(self, path: str, line: int | None, message: str, hint: str = "", column: int | None = None) -> None:
        """Record one warning."""
        self.extend([warning(path, line, message, hint, column)])

    def extend(self, errors: list[SiteError]) -> None:
        """Record errors (and warnings) found by another stage."""
        for error in errors:
            if not error.warning:
                self.errors.append(error)
            elif self.strict:
                self.errors.append(dataclasses.replace(error, warning=False))
            else:
                self.warnings.append(error)

    def raise_if_any(self) -> None:
        """Stop the build if any error was recorded; warnings alone do not stop it."""
        if self.errors:
            raise BuildFailed(self.errors, self.warnings)

    def __bool__(self) -> bool:
        return bool(self.errors)
