"""The engine's tests need no database and no Django. Hypothesis settings are applied per
test (``strategies.QM``) so that they do not change other test suites in the session."""
