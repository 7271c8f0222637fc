#!/usr/bin/env python3
"""Writes a large valid topology: POOLS pools with SERVERS_PER_POOL servers each.

90% Enterprise Front End pools (with web services), 10% Persistent Chat pools associated with
them, spread over 10 sites. The first server is `fe-0-0.bench.example` (use it as --server).
"""
import json
import sys

pools, per_pool, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
front_ends = pools * 9 // 10
sites = [{"name": f"Site{i}", "pools": []} for i in range(10)]
for p in range(pools):
    site = sites[p % 10]
    if p < front_ends:
        pool = {
            "fqdn": f"pool{p}.bench.example",
            "kind": "FrontEnd",
            "edition": "Enterprise",
            "servers": [{"fqdn": f"fe-{p}-{s}.bench.example"} for s in range(per_pool)],
            "web_services": {
                "internal_fqdn": f"pool{p}.bench.example",
                "external_fqdn": f"web{p}.bench.example",
                "internal_port": 443,
                "external_port": 4443,
            },
        }
    else:
        pool = {
            "fqdn": f"pchat{p}.bench.example",
            "kind": "PersistentChat",
            "servers": [{"fqdn": f"pc-{p}-{s}.bench.example"} for s in range(per_pool)],
            "associated_pool": f"pool{p % front_ends}.bench.example",
            "persistent_chat": {
                "store": {"server": "collocated", "port": 5432, "database": "mgc"},
            },
        }
    site["pools"].append(pool)
topology = {
    "sip_domains": [{"name": "bench.example", "default": True}],
    "sites": sites,
    "simple_urls": {"meet": ["https://meet.bench.example"], "dialin": "https://dialin.bench.example"},
    "mobility": True,
}
with open(out, "w") as f:
    json.dump(topology, f, indent=2)
