#!/usr/bin/python3
"""A real XMPP client (slixmpp, from Debian's python3-slixmpp) for the Persistent Chat tests.

Usage: xmpp_client.py PORT CAFILE JID PASSWORD ACTION ARGS...
  post ROOM BODY...      join the room, post each body           -> POSTED n
  history ROOM           join the room, print the history         -> HISTORY body (one per line)
  upload FILE SERVICE    ask SERVICE for an upload slot, PUT the file, GET it back
                                                                  -> UPLOADED url / DOWNLOADED sha256
Whatever happens is printed on the last line: AUTH-FAILED, REFUSED condition, ERROR text.
The TLS certificate is verified against CAFILE for the user's domain.
"""

import asyncio
import hashlib
import ssl
import sys
import urllib.request

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, action, args, cafile):
        super().__init__(jid, password)
        self.action, self.args, self.cafile = action, args, cafile
        self.lines = []
        self.outcome = None
        for plugin in ("xep_0030", "xep_0045", "xep_0363"):
            self.register_plugin(plugin)
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("failed_auth", self.failed)
        self.add_event_handler("presence_error", self.presence_error)

    def failed(self, _event):
        self.finish("AUTH-FAILED")

    def presence_error(self, presence):
        self.finish("REFUSED %s" % presence["error"]["condition"])

    def finish(self, outcome):
        if self.outcome is None:
            self.outcome = outcome
        self.disconnect()

    async def join(self, room):
        nick = "nick-" + self.boundjid.user
        _presence, _subject, _occupants, history = await self.plugin["xep_0045"].join_muc_wait(
            room, nick, maxstanzas=100, timeout=10
        )
        return history

    async def start(self, _event):
        try:
            if self.action == "post":
                room, bodies = self.args[0], self.args[1:]
                await self.join(room)
                for body in bodies:
                    self.send_message(mto=room, mbody=body, mtype="groupchat")
                # The room echoes every message to its poster: wait for the last one.
                await asyncio.sleep(0.3)
                self.finish("POSTED %d" % len(bodies))
            elif self.action == "history":
                history = await self.join(self.args[0])
                for message in history:
                    self.lines.append("HISTORY %s" % message["body"])
                self.finish("JOINED")
            elif self.action == "upload":
                path = self.args[0]
                with open(path, "rb") as f:
                    data = f.read()
                ctx = ssl.create_default_context(cafile=self.cafile)
                slot_iq = await self.plugin["xep_0363"].request_slot(
                    slixmpp.JID(self.args[1]), "notes.txt", len(data), "text/plain", timeout=10
                )
                slot = slot_iq["http_upload_slot"]
                put_url, url = slot["put"]["url"], slot["get"]["url"]
                headers = {"Content-Type": "text/plain", "Content-Length": str(len(data))}
                for header in slot["put"]["headers"]:
                    headers[header["name"]] = header["value"]
                request = urllib.request.Request(put_url, data=data, method="PUT", headers=headers)
                loop = asyncio.get_running_loop()

                def put_then_get():
                    with urllib.request.urlopen(request, context=ctx, timeout=10):
                        pass
                    with urllib.request.urlopen(url, context=ctx, timeout=10) as answer:
                        return answer.read()

                body = await loop.run_in_executor(None, put_then_get)
                self.lines.append("UPLOADED %s" % url)
                self.lines.append("DOWNLOADED %s" % hashlib.sha256(body).hexdigest())
                self.lines.append("SENT %s" % hashlib.sha256(data).hexdigest())
                self.finish("DONE")
            else:
                self.finish("ERROR unknown action %s" % self.action)
        except Exception as e:  # report, never hang
            self.finish("ERROR %r" % e)


def resolve_every_name_to_loopback():
    """The test's names are in no DNS: every name resolves to 127.0.0.1 (TLS still checks it)."""
    import socket

    original = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        return original("127.0.0.1", *args, **kwargs)

    socket.getaddrinfo = getaddrinfo


def main():
    resolve_every_name_to_loopback()
    port, cafile, jid, password, action = sys.argv[1:6]
    client = Client(jid, password, action, sys.argv[6:], cafile)
    client.ssl_context = ssl.create_default_context(cafile=cafile)
    client.connect(("127.0.0.1", int(port)))
    client.loop.run_until_complete(asyncio.wait_for(client.disconnected, 30))
    for line in client.lines:
        print(line)
    print(client.outcome or "ERROR disconnected")


if __name__ == "__main__":
    main()
