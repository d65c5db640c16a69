"""Pure rendering: (site, theme, outputs) -> {output path: bytes}. Template errors name the template line and the page."""
from __future__ import annotations

import gc
import json
import multiprocessing
import operator
import os
import traceback
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from confsite.render import present
from confsite.errors import SiteError
from confsite.render.fragments import FragmentExtension
from confsite.render.reuse import BuildRecorder, Recording
from confsite.check.page_links import page_links as parse_page
from confsite.model import Output, Site
from confsite.read.theme import Theme
from confsite.urls import absolute_url, has_public_address, relative_url, relativize_html, rooted_html, rooted_url
from confsite.output.write import StagedFiles, StagingWriter, new_staging, output_updated


try:  # markupsafe's escaping of a plain str, which escape() wraps in two Python calls
    from markupsafe._speedups import _escape_inner
except ImportError:  # another markupsafe: its own escape
    _escape_inner = None


def _escape(value, _str=str, _new=str.__new__, _markup=Markup, _inner=_escape_inner, _escape=escape) -> Markup:
    """markupsafe.escape, the same Markup for every value, with one Python call for a plain str (most of a page)."""
    if type(value) is _str:
        return _new(_markup, _inner(value))
    return _escape(value)


class _Template(jinja2.Template):
    """A compiled template whose {{ }} output is escaped by _escape, the same result as markupsafe.escape."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        if _escape_inner is not None:  # its render functions look names up in the module the template compiled to
            template.root_render_func.__globals__["escape"] = _escape
        return template


class _Context(jinja2.runtime.Context):
    """A template context that calls url() directly: Context.call's general way (and, in a loop or a block that sets
    names, a copy of the whole context per call) costs more than the link. Any other call goes the general way."""

    def call(__self, __obj, *args, **kwargs):  # (the names of Context.call: a template may pass any keyword)
        if __obj is _url and not (kwargs and _sets_url_names(kwargs)):
            return _url(__self, *args)
        return super().call(__obj, *args, **kwargs)


_URL_NAMES = frozenset({"page_url", "edition_links", "rooted_links", "config"})  # what _url reads from the context


def _sets_url_names(kwargs: dict) -> bool:
    """True unless `kwargs` are only the loop's and block's own names, none of them one that url() reads."""
    for name, value in kwargs.items():
        if name not in ("_loop_vars", "_block_vars") or (value and not _URL_NAMES.isdisjoint(value)):
            return True
    return False


def make_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment over the theme chain: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs if d.is_dir()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # an environment lives while its templates do not change (BuildRecorder.environment makes a new one when
        # they do), so extends and includes need not look at the template's file again on every page
        auto_reload=False,
        extensions=[FragmentExtension],  # {% fragment %}: list pages' blocks kept between preview builds
    )
    env.template_class = _Template
    env.context_class = _Context
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
    # a page has dozens of links: its names are looked up as Context.get would, without its calls
    names, page = context.vars, context.parent
    links = names["edition_links"] if "edition_links" in names else page.get("edition_links")
    if links is not None:  # a page of a past edition: its own pages are under /<year>/
        target = links.resolve(target)
    if names["rooted_links"] if "rooted_links" in names else page.get("rooted_links"):
        return rooted_url(target, context["config"].base_url)  # a page served at any depth (404.html)
    return relative_url(target.lstrip("/"), names["page_url"] if "page_url" in names else context["page_url"])


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
    if isinstance(table, Recording):  # (the page reads the table whole)
        table = table._whole()
    if isinstance(items, Recording):
        items = items._whole()
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


def checked_environment(theme: Theme, recorder: BuildRecorder) -> tuple[jinja2.Environment, list[SiteError]]:
    """The theme's template environment with every template compiled and its syntax errors; compiled once a build
    (and, in the preview, once while the templates stay the same)."""
    def make():
        env = make_environment(theme)
        return env, check_templates(env, theme)

    return recorder.environment(theme.template_dirs, make)


def render_outputs(site: Site, theme: Theme, outputs: list[Output], recorder: BuildRecorder | None = None,
                   jobs: int | None = None, parsed: dict | None = None,
                   staging: Path | None = None) -> tuple[dict[str, bytes], list[SiteError]]:
    """Render every output; a failing template is reported with its line and the page it was rendering.

    With a `recorder`, an output whose recorded reads are unchanged since the last build is not rendered again.
    Without a cache, a large site is rendered by `jobs` processes (default: one per core); the result is the same.
    Those processes also read each page's links and ids for the link check, into `parsed` when it is given, and,
    given a `staging` folder (write.staging_folder), write every file there themselves: the files are then a
    write.StagedFiles, which write_site swaps in (or discard() removes on a failed build).
    """
    recorder = recorder or BuildRecorder(None)
    env, errors = checked_environment(theme, recorder)
    if errors:
        return {}, errors
    if recorder.cache is None:
        jobs = parallel_jobs(len(outputs)) if jobs is None else jobs
        if jobs > 1:
            return _render_in_processes(env, site, theme, outputs, recorder, jobs, parsed, staging)
    files: dict[str, bytes] = {}
    planned = recorder.reused_as_planned(outputs, site)  # (the same Outputs as last build: no context to make)
    for output in outputs:
        known = planned.get(id(output))
        if known is not None:
            files[known[4]] = known[3]
            continue
        if output.data is not None:
            files[output.path] = output.data
            continue
        context = _context(site, output)
        reused = recorder.reusable(output.path, context, output)
        if reused is not None:
            files[output.path] = reused
            continue
        tracked, site_reads = recorder.track(context) if recorder.cache is not None else (context, set())
        data, error = _render_one(env, theme, output, tracked, recorder.pieces if recorder.cache is not None else None)
        if error is not None:
            errors.append(error)
            continue
        files[output.path] = data
        recorder.store(output.path, context, site_reads, data, output, site)
    if not errors:
        recorder.forget_others(set(files))
    return files, errors


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


def _render_one(env: jinja2.Environment, theme: Theme, output: Output, context: dict,
                pieces: tuple[dict, dict] | None = None) -> tuple[bytes | None, SiteError | None]:
    """One output's bytes, or the error that stopped it. With `pieces` (the preview's: the large pieces of the page
    as last rendered, and a dict for this rendering's), a large piece made last time (a list page's reused block) is
    not encoded again: the page is joined from bytes."""
    if pieces is not None:
        return _render_from_pieces(env, theme, output, context, *pieces)
    text, error = _render_text(env, theme, output, context)
    return (None, error) if text is None else (text.encode("utf-8"), None)


_LARGE_PIECE = 2048  # characters: a piece of a page this long keeps its bytes for the next rendering in the preview


def _render_from_pieces(env: jinja2.Environment, theme: Theme, output: Output, context: dict, kept: dict,
                        new: dict) -> tuple[bytes | None, SiteError | None]:
    """_render_one from the pieces the template yields: the same bytes as its text encoded, without encoding again
    a piece of `kept` (id -> (the text, its bytes)); each large piece is put in `new` with its bytes.
    (The papers list, 7.9 MB on 10,000 papers: joining its text and encoding it took 15-25 ms.)"""
    try:
        template = env.get_template(output.template)
    except Exception as exc:
        return None, _render_error(exc, theme, output)
    try:
        parts, small = [], []
        for piece in template.root_render_func(template.new_context(dict(context))):
            if len(piece) < _LARGE_PIECE:
                small.append(piece)
                continue
            if small:
                parts.append("".join(small).encode("utf-8"))
                small.clear()
            known = kept.get(id(piece))
            if known is None or known[0] is not piece:
                known = (piece, piece.encode("utf-8"))
            new[id(piece)] = known
            parts.append(known[1])
        parts.append("".join(small).encode("utf-8"))
        return b"".join(parts), None
    except Exception:  # (as Template.render does: the traceback then names the template's lines)
        try:
            env.handle_exception()
        except Exception as exc:
            return None, _render_error(exc, theme, output)


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


def _render_range(bounds: tuple[int, int]) -> tuple[list[tuple[int, bytes | None, SiteError | None, tuple | None]],
                                                    dict | None]:
    """Render outputs[start:end] in a worker: each one's (index, bytes or None if staged, error, links and ids), and
    the figures of the files it staged (StagingWriter.noted)."""
    env, site, theme, outputs, parse, staging, last, updated = _job
    writer = StagingWriter(staging, linked_from=updated) if staging is not None else None
    rendered = []
    for index in range(*bounds):
        output = outputs[index]
        if output.data is not None:
            if writer is not None and last[output.path] == index:
                writer.write(output.path, output.data)
            continue
        text, error = _render_text(env, theme, output, _context(site, output))
        # (the page's text is read before it is encoded: the same text as its bytes decoded, without decoding them)
        links = parse_page(text) if parse and text is not None and output.path.endswith(".html") else None
        data = None if text is None else text.encode("utf-8")
        if writer is not None and data is not None:
            if last[output.path] == index:  # of two outputs with one path, the later one is kept, as in a dict
                writer.write(output.path, data)
            data = None
        rendered.append((index, data, error, links))
    return rendered, (writer.noted if writer is not None else None)


def _render_in_processes(env, site: Site, theme: Theme, outputs: list[Output], recorder: BuildRecorder,
                         jobs: int, parsed: dict | None, staging: Path | None) -> tuple[dict[str, bytes], list[SiteError]]:
    """Render in `jobs` forked processes, which inherit the site and the compiled templates; same files, same order.

    With `staging`, the processes write the files there and send back only errors, links and each file's figures
    as written (for the record of the output: no walk of it), so pages never cross a pipe and the parent never
    holds them all; their writing (mostly the kernel's work) runs in parallel.
    """
    global _job
    made = new_staging(staging) if staging is not None else ()
    last = {output.path: index for index, output in enumerate(outputs)} if staging is not None else None
    # (an output updated in place: the processes link its files that keep their bytes, see StagingWriter)
    _job = (env, site, theme, outputs, parsed is not None, staging, last,
            output_updated(staging) if staging is not None else None)
    frozen_before = gc.get_freeze_count()  # (a caller that froze objects unfreezes them itself)
    gc.freeze()  # the workers' garbage collections leave the inherited objects alone, so their pages stay shared
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_render_range, [(start, min(start + _CHUNK, len(outputs)))
                                               for start in range(0, len(outputs), _CHUNK)], chunksize=1)
    except BaseException:
        if staging is not None:
            StagedFiles(staging, (), made=made).discard()
        raise
    finally:
        _job = None
        if not frozen_before:
            gc.unfreeze()
    parts = [part for part, _ in results]
    rendered = {index: (data, error) for part in parts for index, data, error, _ in part}
    if parsed is not None:
        parsed.update((outputs[index].path, links) for part in parts for index, _, _, links in part if links is not None)
    files: dict[str, bytes | None] = {}
    errors: list[SiteError] = []
    for index, output in enumerate(outputs):
        if output.data is not None:
            files[output.path] = output.data
            continue
        data, error = rendered[index]
        if error is not None:
            errors.append(error)
        else:
            files[output.path] = data
            recorder.rendered.append(output.path)
    if staging is None:
        return files, errors
    noted = {}
    for _, figures in results:
        noted.update(figures)
    staged = StagedFiles(staging, files, made=made, noted=noted)
    if errors:
        staged.discard()
    return staged, errors


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
