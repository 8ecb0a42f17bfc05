"""A static website of the dataset (Jinja2 and matplotlib, the ``site`` extra).

:func:`build_site` writes plain HTML, CSS, one small script and SVG charts to a directory. The
pages link to each other with relative paths, load nothing from elsewhere and need no server, so
the site works opened from the file system and on any static host:

- ``index.html``: the overview, with the charts, the latest shifts and every vendor's stance;
- ``releases.html``: every release in a table that can be searched and sorted (the script only
  adds that; without it the whole table is there);
- ``shifts.html`` and ``vendors.html``: every shift, every vendor;
- ``vendors/ID.html``: a vendor's timeline chart, stance with its reasons, shifts, releases,
  timeline and statements;
- ``releases/ID.html``: a release's values in force, history, lineage and sources.

Everything shown comes from the data, which anyone can propose changes to, so every value is
escaped by Jinja2's autoescaping, links to sources are made only for ``http(s)`` URLs, and every
page carries a Content-Security-Policy that allows only the site's own script, style and images.
"""

from __future__ import annotations

from policytracker.website._build import SiteError, build_site

__all__ = ["SiteError", "build_site"]
