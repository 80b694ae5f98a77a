"""eBPF capture into .scap files (scapkit capture). Imports only ``analyzer.scap`` from analyzer."""
