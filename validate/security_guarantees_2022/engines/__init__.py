"""The local engines that run the checks: whole tables (default.py) or in batches (streaming.py),
chosen by run.py; shared.py and screen.py hold what both use (the Spark engine, spark/, uses
shared.py and screens cells with its own columns, spark/columns.py)."""
