"""Shared plumbing, the lowest layer: imports nothing else from the workbench.

* :mod:`~workbench.core.paths`: where the project's own data lives;
* :mod:`~workbench.core.outputs`: atomic, deterministic writers (CSV, Parquet, JSON, text);
* :mod:`~workbench.core.errors`: errors that name file, row, column, value and what was expected;
* :mod:`~workbench.core.gdal`: GDAL options set for one read or write, then restored;
* :mod:`~workbench.core.text`: case- and accent-insensitive keys (:func:`~workbench.core.text.fold`);
* :mod:`~workbench.core.reproducible`: ``SOURCE_DATE_EPOCH`` and creation times;
* :mod:`~workbench.core.provenance`: the manifest written beside every output;
* :mod:`~workbench.core.download`: the ``fetch`` commands' downloads (cache, retries, provenance).
"""
