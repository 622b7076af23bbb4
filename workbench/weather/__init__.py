"""Hourly weather for the 14 municipalities: typical years, file readers, PVGIS fetch."""
