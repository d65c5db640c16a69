"""Errors a user can fix: each names the file, the line, what is wrong and what to write instead."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class SiteError:
    """One problem in the site's input, located at `path:line` (path relative to the site)."""

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


class BuildFailed(Exception):
    """Raised with every error of a stage at once; nothing has been written."""

    def __init__(self, errors: list[SiteError]):
        self.errors = sorted(set(errors), key=_sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))


def _sort_key(error: SiteError):
    return (error.path, error.line or 0, error.column or 0, error.message)


@dataclass
class Problems:
    """Collects the errors of a stage so that all of them are reported together."""

    errors: list[SiteError] = field(default_factory=list)

    def add(self, path: str, line: int | None, message: str, hint: str = "", column: int | None = None) -> None:
        """Record one error."""
        self.errors.append(SiteError(path, line, message, hint, column))

    def extend(self, errors: list[SiteError]) -> None:
        """Record errors found by another stage."""
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        """Stop the build if anything was recorded."""
        if self.errors:
            raise BuildFailed(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)
