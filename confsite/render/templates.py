"""Pure rendering: (site, theme, outputs) -> {output path: bytes}. Template errors name the template line and the page."""
from __future__ import annotations

import gc
import json
import multiprocessing
import operator
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from confsite.errors import SiteError
from confsite.model import Output, Site
from confsite.progress import SILENT, Progress
from confsite.read.theme import Theme
from confsite.render import fragments, present
from confsite.render.fragments import FragmentExtension
from confsite.render.reuse import Reuse, templates_digest, unwrapped
from confsite.urls import absolute_url, has_public_address, relative_url, relativize_html, rooted_html, rooted_url


def make_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment over the theme chain: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs if d.is_dir()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # an environment lives while its templates do not change (the preview makes a new one when they do), so
        # extends and includes need not look at the template's file again on every page
        auto_reload=False,
        extensions=[FragmentExtension],  # {% fragment %}: list pages' blocks kept between preview builds
    )
    env.globals["url"] = _url
    env.globals["public_url"] = _public_url
    env.filters["relativize"] = _relativize
    env.filters["tojson_ld"] = to_json_ld
    env.filters["values_for"] = values_for
    env.filters.update(present.FILTERS)
    return env


@jinja2.pass_context
def _url(context, target: str) -> str:
    """{{ url('papers/') }}: a link to a site path, relative to the page being rendered."""
    if "://" in target or target.startswith(("mailto:", "tel:")):
        return target
    links = context.get("edition_links")
    if links is not None:  # a page of a past edition: its own pages are under /<year>/
        target = links.resolve(target)
    if context.get("rooted_links"):
        return rooted_url(target, context["config"].base_url)  # a page served at any depth (404.html)
    return relative_url(target.lstrip("/"), context["page_url"])


@jinja2.pass_context
def _public_url(context, target: str) -> str:
    """{{ public_url('img/social-card.png') }}: the full address of a site path, or '' without a full base_url."""
    base_url = context["config"].base_url
    return absolute_url(base_url, target) if has_public_address(base_url) else ""


@jinja2.pass_context
def _relativize(context, html: str) -> Markup:
    """Content HTML whose root-relative links ('/venue/') are made relative to this page."""
    if context.get("rooted_links"):
        return Markup(rooted_html(str(html), context["config"].base_url))
    links = context.get("edition_links")
    return Markup(relativize_html(str(html), context["page_url"], links.resolve if links is not None else None))


def values_for(table, items, attribute: str) -> tuple:
    """{{ site.program.session_of_paper | values_for(group.papers, 'key') }}: the entry of `table` for each item's
    `attribute` (None where it has none), in one step; a {% fragment %} of the group then names them all."""
    table, items = unwrapped(table), unwrapped(items)  # (the page reads them whole)
    return tuple(map(table.get, map(operator.attrgetter(attribute), items)))


def to_json_ld(data) -> Markup:
    """JSON for a <script type="application/ld+json"> block: sorted keys, and nothing that could close the tag."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def check_templates(env: jinja2.Environment, theme: Theme) -> list[SiteError]:
    """Compile every template once, so that all syntax errors are reported together."""
    errors = []
    for name in sorted(set(env.list_templates(extensions=["html", "xml", "txt", "json", "ics"]))):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            errors.append(SiteError(theme.shown(exc.filename or name), exc.lineno, f"template syntax error: {exc.message}",
                                    "check the {% %} and {{ }} tags around this line; every block needs its end tag"))
    return errors


def checked_environment(theme: Theme) -> tuple[jinja2.Environment, list[SiteError], bytes]:
    """The theme's template environment with every template compiled, its syntax errors, and the templates'
    fingerprint. The last one made in this process is used again while no template changed (the preview's builds,
    and a build's check of the templates then its rendering)."""
    global _last_environment
    fingerprint = templates_digest(theme.template_dirs)
    if _last_environment is not None and _last_environment[0] == fingerprint:
        return _last_environment[1], [], _last_environment[0]
    env = make_environment(theme)
    errors = check_templates(env, theme)
    _last_environment = (fingerprint, env) if not errors else None
    return env, errors, fingerprint


_last_environment: tuple | None = None  # (templates' fingerprint, their environment)


@dataclass
class Rendered:
    """Every output rendered: bytes by path (None for a file a rendering process wrote into the staging folder
    itself), the links and ids of the pages those processes read, the paths rendered (not reused), the errors."""

    files: dict[str, bytes | None]
    parsed: dict = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    errors: list[SiteError] = field(default_factory=list)


def render_outputs(site: Site, theme: Theme, outputs: list[Output], *, reuse: Reuse | None = None,
                   staging=None, page_links=None, jobs: int | None = None, progress: Progress = SILENT) -> Rendered:
    """Render every output; a failing template is reported with its line and the page it was rendering.

    In the preview (`reuse`), an output whose templates and reads are unchanged since the last build keeps its bytes.
    Otherwise a large site is rendered by `jobs` forked processes (default: one per core), which write each file into
    `staging` (`staging.write(path, bytes)`) themselves and read each page's links with `page_links(text)`: the pages
    never cross a pipe and the parent never holds them all. The bytes are those of a serial rendering. `progress`
    is told of every output done (of each process's share of them as it comes back).
    """
    env, errors, templates = checked_environment(theme)
    if errors:
        return Rendered({}, errors=errors)
    jobs = parallel_jobs(len(outputs)) if jobs is None else jobs
    if reuse is None and staging is not None and jobs > 1:
        return _render_in_processes(env, site, theme, outputs, jobs, staging, page_links, progress)
    result = Rendered({})
    build = reuse.start() if reuse is not None else None
    for output in outputs:
        progress.advance()
        if output.data is not None:
            result.files[output.path] = output.data
            continue
        context = _context(site, output)
        data = build.bytes_of(output.path, templates, context) if build is not None else None
        if data is None:
            data, error = _rendered(env, theme, output, context, build, templates, page_links, result.parsed)
            if error is not None:
                result.errors.append(error)
                continue
            result.rendered.append(output.path)
        result.files[output.path] = data
    if build is not None and not result.errors:
        build.forget_others(result.files)
    return result


def _rendered(env, theme: Theme, output: Output, context: dict, build, templates: bytes, page_links=None,
              parsed: dict | None = None):
    """One output's bytes, or the error that stopped it; in the preview, with its reads and fragments remembered, and
    a page with fragments read for its links block by block (`parsed`), each block once while it is the same."""
    if build is None:
        text, error = _render_text(env, theme, output, context)
        return (None, error) if text is None else (text.encode("utf-8"), None)
    tracked, reads = build.tracked(context)
    kept = fragments.start_page(build.fragments_of(output.path), context, templates)
    try:
        text, error = _render_text(env, theme, output, tracked)
        blocks = fragments.outermost()
    finally:
        fragments.end_page()
    if text is None:
        return None, error
    data = text.encode("utf-8")
    build.store(output.path, templates, context, reads, kept if len(kept) > 1 else {}, data)
    if blocks and page_links is not None and output.path.endswith(".html"):
        parsed[output.path] = build.links_by_blocks(output.path, text, blocks, page_links)
    return data, None


PARALLEL_FROM = 3000  # outputs to render; below that, starting processes costs about what it saves
_CHUNK = 250  # outputs a process renders per task: large enough to amortize the transfer, small enough to balance


def parallel_jobs(outputs: int) -> int:
    """How many processes render `outputs` outputs: one per core for large sites where fork exists, else 1."""
    if outputs < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 8)


def _context(site: Site, output: Output) -> dict:
    page_url = output.path[: -len("index.html")] if output.path.endswith("index.html") else output.path
    return {"site": site, "config": site.config, "nav": site.nav, "page_url": page_url,
            "layout": (output.template or "").rsplit(".", 1)[0],
            "canonical_url": absolute_url(site.config.base_url, page_url)
            if has_public_address(site.config.base_url) else "", **output.context}


def _render_text(env: jinja2.Environment, theme: Theme, output: Output, context: dict) -> tuple[str | None, SiteError | None]:
    """One output's text, or the error that stopped it."""
    try:
        text = env.get_template(output.template).render(context)
    except Exception as exc:
        return None, _render_error(exc, theme, output)
    return text, None


def _render_error(exc: Exception, theme: Theme, output: Output) -> SiteError:
    if isinstance(exc, jinja2.TemplateNotFound):
        if exc.name != output.template:  # an include or extends inside a template names a missing file
            return _template_error(exc, theme, output)
        return SiteError(output.source, 1, f"there is no template '{exc.name}'",
                         f"add templates/{exc.name} to the site or theme, or use an existing layout (e.g. page)")
    return _template_error(exc, theme, output)  # any error raised inside a template is the template's (or its data's) fault


_job: tuple | None = None  # what the workers of the parallel render under way inherit from the parent when forked


def _render_range(bounds: tuple[int, int]) -> list[tuple[int, SiteError | None, tuple | None]]:
    """Render outputs[start:end] in a worker, writing each file into the staging folder: each one's (index, error,
    links and ids)."""
    env, site, theme, outputs, staging, page_links, last = _job
    rendered = []
    for index in range(*bounds):
        output = outputs[index]
        if output.data is not None:
            if last[output.path] == index:  # of two outputs with one path, the later one is kept, as in a dict
                staging.write(output.path, output.data)
            continue
        text, error = _render_text(env, theme, output, _context(site, output))
        links = page_links(text) if page_links is not None and text is not None and output.path.endswith(".html") \
            else None
        if text is not None and last[output.path] == index:
            staging.write(output.path, text.encode("utf-8"))
        rendered.append((index, error, links))
    return rendered


def _render_in_processes(env, site: Site, theme: Theme, outputs: list[Output], jobs: int, staging,
                         page_links, progress: Progress) -> Rendered:
    """Render in `jobs` forked processes, which inherit the site and the compiled templates and write the files."""
    global _job
    last = {output.path: index for index, output in enumerate(outputs)}
    _job = (env, site, theme, outputs, staging, page_links, last)
    frozen_before = gc.get_freeze_count()
    # the workers' collections leave the inherited objects alone, so their memory stays shared with the parent
    # (without it each worker's first full collection touches, and so copies, the whole site: +150 MB at 10,000 papers)
    gc.freeze()
    try:
        chunks = [(start, min(start + _CHUNK, len(outputs))) for start in range(0, len(outputs), _CHUNK)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = []
            for (start, end), part in zip(chunks, pool.imap(_render_range, chunks)):
                parts.append(part)
                progress.advance(end - start)
    finally:
        _job = None
        if not frozen_before:
            gc.unfreeze()
    result = Rendered({output.path: None for output in outputs})
    for part in parts:
        for index, error, links in part:
            path = outputs[index].path
            if error is not None:
                result.errors.append(error)
                continue
            result.rendered.append(path)
            if links is not None:
                result.parsed[path] = links
    return result


def _template_error(exc: Exception, theme: Theme, output: Output) -> SiteError:
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename and Path(f.filename).suffix in (".html", ".xml", ".txt", ".json", ".ics")]
    where, line = (theme.shown(frames[-1].filename), frames[-1].lineno) if frames else (output.template or "?", None)
    message = exc.message if isinstance(exc, jinja2.TemplateError) and getattr(exc, "message", None) else str(exc)
    hint = "check the names used on this line; the page's data may lack what the template expects"
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"there is no template '{exc.name}'"
        hint = "include or extend a template by its name in templates/ (or the theme's), e.g. \"base.html\"; '..' cannot leave them"
    return SiteError(where, line, f"template error while rendering {output.path} (from {output.source}): {message}", hint)
