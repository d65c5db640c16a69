"""Themes: a folder with templates/, static/ and an optional theme.yaml that may extend another theme."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from confsite.errors import SiteError
from confsite.read.yaml_data import line_of, load_yaml_file
from confsite.schema import ThemeFile
from confsite.read.validate import validate

BUILTIN_THEMES = (Path(__file__).resolve().parent.parent / "themes").resolve()


@dataclass(frozen=True)
class Theme:
    """The resolved chain of theme folders, the site's own overrides first."""

    site_dir: Path
    folders: tuple[Path, ...]  # most specific first: the chosen theme, then what it extends

    @property
    def template_dirs(self) -> list[Path]:
        """Where templates are looked up, in order: the site's templates/, then each theme's."""
        return [self.site_dir / "templates", *(folder / "templates" for folder in self.folders)]

    @property
    def static_dirs(self) -> list[Path]:
        """Folders whose files are copied to the output, later ones overriding earlier ones."""
        return [*(folder / "static" for folder in reversed(self.folders)), self.site_dir / "static"]

    def shown(self, path: str | Path) -> str:
        """A template's path as the user should see it: relative to the site, or to the built-in themes."""
        path = Path(path).resolve()
        for root in (self.site_dir.resolve(), BUILTIN_THEMES.parent):
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
        return str(path)


def find_theme_folder(site_dir: Path, name: str) -> Path | None:
    """A theme by name: the site's own themes/NAME first, then the themes that ship with confsite."""
    for root in (site_dir / "themes", BUILTIN_THEMES):
        if (root / name / "templates").is_dir() or (root / name / "theme.yaml").is_file():
            return root / name
    return None


def load_theme(site_dir: Path, name: str, line: int | None) -> tuple[Theme | None, list[SiteError]]:
    """Resolve `name` and the themes it extends (theme.yaml: `extends: default`)."""
    folders: list[Path] = []
    where, where_line = "site.yaml", line
    while name:
        folder = find_theme_folder(site_dir, name)
        if folder is None:
            return None, [SiteError(where, where_line, f"there is no theme '{name}'",
                                    f"create themes/{name}/templates/, or use the built-in theme: theme: default")]
        if folder in folders:
            return None, [SiteError(where, where_line, f"themes extend each other in a circle ({name})",
                                    "remove 'extends' from one of the theme.yaml files")]
        folders.append(folder)
        name = None
        meta_path = folder / "theme.yaml"
        if meta_path.is_file():
            where = Theme(site_dir, ()).shown(meta_path)
            data, error = load_yaml_file(meta_path, where)
            if error:
                return None, [error]
            meta, errors = validate(ThemeFile, data, where)
            if errors:
                return None, errors
            if meta.extends:
                name, where_line = meta.extends, line_of(data, "extends")
    return Theme(site_dir, tuple(folders)), []
