"""The names of the process context's struct columns of the events table (see ``context.py``),
importable without numpy or Arrow (the scan of a cached capture imports neither)."""

# the context's struct columns of the events table, and their members that depend on the event's time
CONTEXT_COLUMNS = ("thread", "proc", "user", "group", "container", "k8s")
TIME_MEMBERS: dict[str, frozenset[str]] = {"proc": frozenset({"duration"}), "container": frozenset({"duration"})}
