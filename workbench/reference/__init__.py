"""Reference data that travels with the code: the 14 municipalities, their climate, data sources.

* :mod:`~workbench.reference.kommuner`: codes, names, seats, population, areas;
* :mod:`~workbench.reference.climate`: monthly climatology of the seats;
* :mod:`~workbench.reference.prices`: hourly SE1 day-ahead prices 2016–2024;
* :mod:`~workbench.reference.sources`: the registry of data sets (``data/sources.yaml``);
* :mod:`~workbench.reference.boundaries`: simplified municipality polygons (SCB, EPSG:3006);
* :mod:`~workbench.reference.maps`: a map of the seats.
"""
