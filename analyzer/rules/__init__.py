"""Falco rules offline: rules files -> AST -> sqlglot -> DuckDB SQL over the ``events`` table.

Pipeline: :mod:`.loader` (YAML with Falco's list/macro/rule semantics) -> :mod:`.parser` (the
libsinsp condition grammar) -> :mod:`.compiler` (AST to sqlglot trees; the field catalogue maps
fields to columns) -> :mod:`.plan` (rule selection, event-type sets, output formats) -> the scan
engine in :mod:`analyzer.session.scan` -> :class:`.alerts.Alert` records -> :mod:`.reports`.

Semantics followed: falcosecurity/libs and Falco engine at the heads described in
``docs/reference/falco-rules.md`` (engine 0.63.0). Deliberate offline choices:

- ``fd.cip.name``/``fd.sip.name``/``fd.lip.name``/``fd.rip.name`` need live DNS; they are compared
  with the IP text of the same endpoint (a host name never matches) and each rule using one gets a
  ``LOAD_COMPILE_CONDITION`` warning.
- ``required_plugin_versions``: the ``container`` plugin's fields are provided (from the capture's
  own container metadata); any other plugin requirement is an error.
- Falco's default ``append_output`` suffix (container_id=..., k8s_ns_name=...) is not appended:
  alert messages are the rule's own output.
- Rules see what Falco's engine sees: exit events (enter parameters merged in) and enter-only meta
  events, never state-only or internal events.
"""
