"""Exports municipalities review: Excel workbooks, GeoPackages, HTML reports, manifests.

Internal tables stay English ``snake_case`` with unit suffixes; labels and number
formatting are applied only here, at the export boundary (:mod:`workbench.i18n`).
"""
