"""Browser tests: the built seeds site in Debian's Chromium (Playwright), axe-core, the Nu checker.

A package, so that its ``conftest`` does not shadow ``tests/conftest.py`` (both would be imported
as the module ``conftest`` otherwise)."""
