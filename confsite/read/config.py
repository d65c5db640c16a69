"""site.yaml -> SiteConfig, validated, with the command line's overrides applied."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import BuildFailed, SiteError
from confsite.read.yaml_data import YDict, load_yaml_file
from confsite.schema import SiteConfig
from confsite.read.validate import validate

CONFIG_FILE = "site.yaml"


def load_config(site_dir: Path, base_url: str | None = None) -> SiteConfig:
    """Read and check site.yaml; raise BuildFailed with every problem in it."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        raise BuildFailed([SiteError(CONFIG_FILE, None, f"no {CONFIG_FILE} in {site_dir}",
                                     "run confsite in the site's folder, pass --site DIR, or create one with 'confsite new DIR'")])
    data, error = load_yaml_file(path, CONFIG_FILE)
    if error:
        raise BuildFailed([error])
    if data is not None and not isinstance(data, dict):
        raise BuildFailed([SiteError(CONFIG_FILE, getattr(data, "line", 1), "site.yaml must be a mapping of keys to values",
                                     "write 'name: My Conference' and the other settings, one per line")])
    if base_url is not None:
        data = YDict(data or {})
        data.line, data.key_lines = 1, dict(getattr(data, "key_lines", {}) or {})
        data["base_url"] = base_url
    config, errors = validate(SiteConfig, data, CONFIG_FILE)
    if base_url is not None:
        errors = [SiteError("--base-url", None, e.message.replace("base_url: ", ""), e.hint) if "base_url" in e.message else e
                  for e in errors]
    if errors:
        raise BuildFailed(errors)
    config._data = data
    return config
