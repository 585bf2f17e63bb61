"""Read tables and lists out of a rendered page, so tests assert on what a person sees."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.lists = [], []
        self._table = self._row = self._cell = self._list = self._item = None
        self._caption = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = {"caption": "", "testid": attrs.get("data-testid"), "rows": []}
        elif tag == "caption" and self._table is not None:
            self._caption = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "ul":
            self._list = {"class": attrs.get("class", ""), "items": []}
        elif tag == "li" and self._list is not None:
            self._item = []

    def handle_endtag(self, tag):
        if tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "caption" and self._caption is not None:
            self._table["caption"] = _text(self._caption)
            self._caption = None
        elif tag == "tr" and self._row is not None:
            self._table["rows"].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(_text(self._cell))
            self._cell = None
        elif tag == "ul" and self._list is not None:
            self.lists.append(self._list)
            self._list = None
        elif tag == "li" and self._item is not None:
            self._list["items"].append(_text(self._item))
            self._item = None

    def handle_data(self, data):
        for part in (self._caption, self._cell, self._item):
            if part is not None:
                part.append(data)


def _text(parts):
    return " ".join("".join(parts).split())


def _parse(html):
    collector = _Collector()
    collector.feed(html)
    return collector


def table(html, *, caption=None, testid=None):
    """The rows (header row first) of the table with this caption or data-testid."""
    for found in _parse(html).tables:
        if (caption and found["caption"] == caption) or (testid and found["testid"] == testid):
            return found["rows"]
    raise AssertionError(f"no table {caption or testid!r} in the page")


def list_items(html, *, css_class):
    """The items of the first <ul> with this class attribute."""
    for found in _parse(html).lists:
        if found["class"] == css_class:
            return found["items"]
    raise AssertionError(f"no list with class {css_class!r} in the page")
