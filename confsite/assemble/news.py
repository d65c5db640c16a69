"""News posts: the pages under content/news/, each with a date, newest first; they feed news/ and the Atom feed."""
from __future__ import annotations

from confsite.errors import Problems
from confsite.model import Page
from confsite.schema import SiteConfig
from confsite.urls import has_public_address

NEWS_URL = "news/"
FEED_PATH = "feed.xml"


def is_post(page: Page) -> bool:
    """A news post is any page under news/ except the news listing itself."""
    return page.url.startswith(NEWS_URL) and page.url != NEWS_URL


def news_posts(pages: list[Page], problems: Problems) -> tuple[Page, ...]:
    """The news posts, newest first; a post without a date is an error (feeds and listings need one)."""
    posts = []
    for page in pages:
        if not is_post(page):
            continue
        if page.date is None:
            problems.add(page.source, 2, "this news post has no date",
                         "add 'date: 2025-05-12' (YYYY-MM-DD, the day it was published) to its front matter")
            continue
        posts.append(page)
    return tuple(sorted(posts, key=lambda post: (post.date, post.url), reverse=True))


def feed_url(config: SiteConfig, posts: tuple[Page, ...]) -> str | None:
    """Where the Atom feed goes, or None: a feed needs posts and full addresses (a base_url with https://)."""
    return FEED_PATH if posts and has_public_address(config.base_url) else None
