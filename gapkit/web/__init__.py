"""The review web app (``gapkit serve``): legal experts confirm mappings, follow the CEACR comments and
the roadmap, and get the reports, in a browser, in Russian or English.

- :mod:`~gapkit.web.app`: the FastAPI app, built from the routes of each area (``routes_*.py``: pages, review,
  work, reports, sign-in) over one :class:`~gapkit.web.ui.Ui`; every write through the feature's store;
- :mod:`~gapkit.web.guard` and :mod:`~gapkit.web.sessions`: what every request passes through (host, sign-in,
  roles, CSRF, headers) and who is signed in;
- :mod:`~gapkit.web.views`: what each page shows, as plain data; :mod:`~gapkit.web.state`: the workspace kept
  loaded and refreshed when its files change;
- :mod:`~gapkit.web.security`: access token, CSRF, Host and response headers;
- :mod:`~gapkit.web.suggestions`, :mod:`~gapkit.web.reports`: the matcher's suggestions and the report builders;
  :mod:`~gapkit.web.highlight`: shared concepts marked in the texts;
- :mod:`~gapkit.web.i18n` with ``messages.yaml``: the words of the pages; ``templates/`` and ``static/``: the
  pages (jinja2) and their one stylesheet and one small script, served by the app itself (no CDN).
"""
