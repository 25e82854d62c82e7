#!/usr/bin/python3
"""A tiny GTK window that offers one file by drag-and-drop (XDND), for end-to-end tests.

Usage: drag_source.py FILE X Y   (run with Debian's python3 + python3-gi + gir1.2-gtk-3.0)
Prints "ready" once the window is on screen at (X, Y); quits after the drag ends or 30 s.
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
uri = GLib.filename_to_uri(path, None)

win = Gtk.Window(title="modeldesk-drag-source")
win.set_decorated(False)
win.set_default_size(160, 80)
win.move(x, y)
button = Gtk.Button(label="drag me")
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()
button.connect("drag-data-get", lambda _w, _c, data, _i, _t: data.set_uris([uri]))
button.connect("drag-end", lambda *_: GLib.timeout_add(300, Gtk.main_quit))
win.add(button)


def on_map(*_):
    print("ready", flush=True)
    return False


win.connect("map-event", on_map)
win.show_all()
GLib.timeout_add_seconds(30, Gtk.main_quit)
Gtk.main()
