"""Framework-free helpers: Vietnamese text and dates. Nothing here imports Django."""
