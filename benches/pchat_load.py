#!/usr/bin/python3
"""Load for benches/pchat.sh: CLIENTS XMPP clients (slixmpp) join one room and each posts
MESSAGES messages, one at a time: a client posts its next message once the room has delivered
its previous one back to it (closed loop). Prints the messages per second over the whole run
and the median and 95th percentile delivery latency (post -> delivered by the room).

Usage: pchat_load.py PORT CAFILE DOMAIN ROOM PASSWORD CLIENTS MESSAGES
Accounts are user0..userN-1@DOMAIN, all with PASSWORD. Every name resolves to 127.0.0.1.
"""

import asyncio
import socket
import ssl
import statistics
import sys
import time

import slixmpp

original_getaddrinfo = socket.getaddrinfo
socket.getaddrinfo = lambda host, *a, **k: original_getaddrinfo("127.0.0.1", *a, **k)


class Poster(slixmpp.ClientXMPP):
    def __init__(self, jid, password, room, count, ready, go, done):
        super().__init__(jid, password)
        self.room, self.count, self.ready, self.go, self.done = room, count, ready, go, done
        self.nick = "n-" + jid.split("@")[0]
        self.latencies = []
        self.echo = None
        self.register_plugin("xep_0045")
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("groupchat_message", self.message)

    def message(self, msg):
        if msg["mucnick"] == self.nick and self.echo is not None and not self.echo.done():
            self.echo.set_result(time.perf_counter())

    async def start(self, _event):
        await self.plugin["xep_0045"].join_muc_wait(self.room, self.nick, maxstanzas=0, timeout=30)
        self.ready.set_result(True) if not self.ready.done() else None
        await self.go
        for i in range(self.count):
            self.echo = self.loop.create_future()
            sent = time.perf_counter()
            self.send_message(mto=self.room, mbody="load %s %d" % (self.nick, i), mtype="groupchat")
            received = await asyncio.wait_for(self.echo, 30)
            self.latencies.append(received - sent)
        self.done.set_result(time.perf_counter())
        self.disconnect()


async def main():
    port, cafile, domain, room, password, clients, messages = sys.argv[1:8]
    clients, messages = int(clients), int(messages)
    loop = asyncio.get_running_loop()
    go = loop.create_future()
    posters, readies, dones = [], [], []
    for n in range(clients):
        ready, done = loop.create_future(), loop.create_future()
        p = Poster("user%d@%s" % (n, domain), password, room, messages, ready, go, done)
        p.ssl_context = ssl.create_default_context(cafile=cafile)
        p.connect(("127.0.0.1", int(port)))
        posters.append(p)
        readies.append(ready)
        dones.append(done)
    await asyncio.wait_for(asyncio.gather(*readies), 60)
    start = time.perf_counter()
    go.set_result(True)
    ends = await asyncio.gather(*dones)
    elapsed = max(ends) - start
    latencies = sorted(l for p in posters for l in p.latencies)
    total = len(latencies)
    print("messages %d" % total)
    print("messages_per_second %.0f" % (total / elapsed))
    print("latency_median_ms %.2f" % (statistics.median(latencies) * 1000))
    print("latency_p95_ms %.2f" % (latencies[int(total * 0.95) - 1] * 1000))


asyncio.run(main())
