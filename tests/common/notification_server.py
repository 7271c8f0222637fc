"""A freedesktop notification service for the window's tests: owns
org.freedesktop.Notifications on the bus of DBUS_SESSION_BUS_ADDRESS and appends every
Notify call (application, summary, body) as one tab-separated line to the file given, then
answers like a notification daemon. Creates FILE.ready once it owns the name.

Usage: notification_server.py FILE
"""

import os
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

out = sys.argv[1]
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.bus.BusConnection(os.environ["DBUS_SESSION_BUS_ADDRESS"])
name = dbus.service.BusName("org.freedesktop.Notifications", bus)


class Notifications(dbus.service.Object):
    count = 0

    @dbus.service.method(
        "org.freedesktop.Notifications", in_signature="susssasa{sv}i", out_signature="u"
    )
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        with open(out, "a", encoding="utf-8") as f:
            f.write(f"{app}\t{summary}\t{body}\n")
        Notifications.count += 1
        return Notifications.count


Notifications(bus, "/org/freedesktop/Notifications")
open(out + ".ready", "w").close()
GLib.MainLoop().run()
